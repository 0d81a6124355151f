package dev.quarry.generator.grounding;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/** Lower-cased words of a text without stop words and citation numbers: the lexical signal. */
final class ContentWords {

  private static final Set<String> STOP =
      Set.of(
          "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in", "is",
          "it", "its", "of", "on", "or", "that", "the", "this", "to", "was", "were", "what", "when",
          "where", "which", "who", "why", "how", "with", "does", "do", "did", "not");

  private ContentWords() {}

  static Set<String> of(String text) {
    Set<String> words = new LinkedHashSet<>();
    String cleaned = text.replaceAll("\\[\\d+(?:\\s*,\\s*\\d+)*]", " ").toLowerCase(Locale.ROOT);
    for (String w : cleaned.split("[^\\p{L}\\p{N}]+")) {
      if (!w.isEmpty() && !STOP.contains(w)) {
        words.add(w);
      }
    }
    return words;
  }

  /** Share of {@code words} that occur in {@code in}; 0 when {@code words} is empty. */
  static double overlap(Set<String> words, Set<String> in) {
    if (words.isEmpty()) {
      return 0;
    }
    long hits = words.stream().filter(in::contains).count();
    return (double) hits / words.size();
  }

  static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
  }
}
