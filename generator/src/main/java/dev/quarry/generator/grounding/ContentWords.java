package dev.quarry.generator.grounding;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Lower-cased words of a text without stop words and citation markers, a plural "s" taken off: the
 * lexical signal of {@link SupportScore}.
 */
final class ContentWords {

  private static final Set<String> STOP =
      Set.of(
          "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in", "is",
          "it", "its", "of", "on", "or", "that", "the", "this", "to", "was", "were", "what", "when",
          "where", "which", "who", "why", "how", "with", "does", "do", "did", "not", "can", "could",
          "should", "would", "will", "shall", "may", "might", "must", "i", "me", "my", "we", "our",
          "you", "your", "they", "their", "them", "he", "she", "his", "her", "there", "these",
          "those", "than", "then", "so", "if", "into", "about", "any", "some", "been", "being",
          "am", "get", "got", "much", "many", "more", "most", "very", "also", "but", "no", "yes",
          "one", "use", "used", "using", "tell", "explain", "best", "way", "good");

  private ContentWords() {}

  static Set<String> of(String text) {
    Set<String> words = new LinkedHashSet<>();
    String cleaned = CitationMarkers.MARKER.matcher(text).replaceAll(" ").toLowerCase(Locale.ROOT);
    for (String w : cleaned.split("[^\\p{L}\\p{N}]+")) {
      if (!w.isEmpty() && !STOP.contains(w)) {
        words.add(stem(w));
      }
    }
    return words;
  }

  /** Folds a plural onto its singular: "reactors" and "reactor" are one word. */
  private static String stem(String w) {
    if (w.length() > 4 && w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us")) {
      return w.substring(0, w.length() - 1);
    }
    return w;
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
