package dev.quarry.generator.grounding;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits text into sentences at {@code . ! ?} followed by space, at blank lines, and at line breaks
 * that start a new block (a list item, heading, table row or code fence). A single line break
 * inside a paragraph is not a boundary: Markdown and plain text are often hard-wrapped. Citation
 * markers ({@link CitationMarkers}) written after the full stop ({@code "Paris. [1]"}) stay with
 * the sentence before it. Thread-safe; stateless.
 */
public final class SentenceSplitter {

  private static final Pattern BOUNDARY =
      Pattern.compile(
          "(?<=[.!?])((?:\\s*"
              + CitationMarkers.MARKER.pattern()
              + ")*)\\s+"
              + "|\\n[ \\t]*\\n\\s*"
              + "|\\n(?=[ \\t]*(?:[-*+]\\s|\\d+[.)]\\s|#|\\||```))");

  /**
   * Where one sentence lies in the text it was split from: {@code text.substring(start, end)},
   * without surrounding whitespace.
   */
  public record Span(int start, int end) {
    public Span {
      if (start < 0 || end < start) {
        throw new IllegalArgumentException("bad span [" + start + ", " + end + ")");
      }
    }
  }

  private SentenceSplitter() {}

  /** The sentences of {@code text}, in order, whitespace inside each collapsed to single spaces. */
  public static List<String> split(String text) {
    return spans(text).stream()
        .map(s -> text.substring(s.start(), s.end()).replaceAll("\\s+", " "))
        .toList();
  }

  /** Where each sentence of {@link #split} lies in {@code text}, in order. */
  public static List<Span> spans(String text) {
    List<Span> spans = new ArrayList<>();
    Matcher m = BOUNDARY.matcher(text);
    int start = 0;
    while (m.find()) {
      String trailingCitations = m.group(1) == null ? "" : m.group(1);
      int end = trailingCitations.isEmpty() ? m.start() : m.start(1) + trailingCitations.length();
      add(spans, text, start, end);
      start = m.end();
    }
    add(spans, text, start, text.length());
    return spans;
  }

  private static void add(List<Span> spans, String text, int start, int end) {
    while (start < end && Character.isWhitespace(text.charAt(start))) {
      start++;
    }
    while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
      end--;
    }
    if (end > start) {
      spans.add(new Span(start, end));
    }
  }
}
