package dev.quarry.api.qa;

import dev.quarry.generator.grounding.CitationMarkers;
import dev.quarry.generator.grounding.SentenceSplitter;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the part of a passage that backs the answer sentences citing it: the passage sentence
 * ({@link SentenceSplitter}, the grounding check's own splitting) sharing the most words with them.
 * An extractive answer quotes passage sentences, so there it finds the quoted sentence exactly.
 */
public final class Highlighter {

  /** A range of the passage text, {@code [start, end)}. */
  public record Span(int start, int end) {}

  private Highlighter() {}

  static Span find(String passage, List<String> citingSentences) {
    Set<String> wanted = new HashSet<>();
    for (String s : citingSentences) {
      // "A sentence [2]." quotes "A sentence" (the marker and the full stop after it are ours).
      String plain = CitationMarkers.strip(s).replaceAll("[\\s.]+$", "");
      // Quoted sentences have their whitespace collapsed; match them across line breaks.
      Matcher quoted = plain.isEmpty() ? null : quotedPattern(plain).matcher(passage);
      if (quoted != null && quoted.find()) {
        return new Span(quoted.start(), quoted.end());
      }
      wanted.addAll(words(plain));
    }
    Span best = null;
    double bestScore = 0;
    for (SentenceSplitter.Span sentence : SentenceSplitter.spans(passage)) {
      Set<String> words = words(passage.substring(sentence.start(), sentence.end()));
      if (words.isEmpty()) {
        continue;
      }
      long shared = words.stream().filter(wanted::contains).count();
      double score = shared / Math.sqrt(words.size());
      if (score > bestScore) {
        bestScore = score;
        best = new Span(sentence.start(), sentence.end());
      }
    }
    return best;
  }

  private static Pattern quotedPattern(String plain) {
    StringBuilder regex = new StringBuilder();
    for (String token : plain.split("\\s+")) {
      if (!token.isEmpty()) {
        regex.append(regex.length() == 0 ? "" : "\\s+").append(Pattern.quote(token));
      }
    }
    return Pattern.compile(regex.toString());
  }

  private static Set<String> words(String text) {
    Set<String> words = new HashSet<>();
    for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (w.length() > 2) {
        words.add(w);
      }
    }
    return words;
  }
}
