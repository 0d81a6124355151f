package dev.quarry.generator.grounding;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits text into sentences at {@code . ! ?} (and line breaks) followed by space. A citation
 * written after the full stop ({@code "Paris. [1]"}) stays with the sentence before it.
 */
public final class SentenceSplitter {

  private static final Pattern BOUNDARY =
      Pattern.compile("(?<=[.!?])((?:\\s*\\[\\d+(?:\\s*,\\s*\\d+)*])*)\\s+|\\n+");

  private SentenceSplitter() {}

  public static List<String> split(String text) {
    List<String> sentences = new ArrayList<>();
    Matcher m = BOUNDARY.matcher(text);
    int start = 0;
    while (m.find()) {
      String trailingCitations = m.group(1) == null ? "" : m.group(1);
      add(sentences, text.substring(start, m.start()) + trailingCitations);
      start = m.end();
    }
    add(sentences, text.substring(start));
    return sentences;
  }

  private static void add(List<String> sentences, String sentence) {
    String s = sentence.strip();
    if (!s.isEmpty()) {
      sentences.add(s);
    }
  }
}
