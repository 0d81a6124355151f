package dev.quarry.generator.grounding;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits text into sentences at {@code . ! ?} followed by space, at blank lines, and at line breaks
 * that start a new block (a list item, heading, table row or code fence). A single line break
 * inside a paragraph is not a boundary: Markdown and plain text are often hard-wrapped. A citation
 * written after the full stop ({@code "Paris. [1]"}) stays with the sentence before it. Whitespace
 * inside a sentence is collapsed to single spaces.
 */
public final class SentenceSplitter {

  private static final Pattern BOUNDARY =
      Pattern.compile(
          "(?<=[.!?])((?:\\s*\\[\\d+(?:\\s*,\\s*\\d+)*])*)\\s+"
              + "|\\n[ \\t]*\\n\\s*"
              + "|\\n(?=[ \\t]*(?:[-*+]\\s|\\d+[.)]\\s|#|\\||```))");

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
    String s = sentence.strip().replaceAll("\\s+", " ");
    if (!s.isEmpty()) {
      sentences.add(s);
    }
  }
}
