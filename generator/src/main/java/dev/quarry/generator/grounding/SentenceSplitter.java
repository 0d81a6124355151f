package dev.quarry.generator.grounding;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits text into sentences at {@code . ! ?} followed by space, at blank lines, and at line breaks
 * that start a new block (a list item, heading, table row or code fence). A single line break
 * inside a paragraph is not a boundary: Markdown and plain text are often hard-wrapped, and neither
 * is the full stop of "e.g.", "i.e.", "cf.", "vs.", "etc." or "et al." when the line goes on with
 * anything but a capital letter. A table row ({@code | a | b. |}) is one sentence up to its line's
 * end, full stops in its cells included. Citation markers ({@link CitationMarkers}) written after
 * the full stop ({@code "Paris. [1]"}) stay with the sentence before it, at the end of the text
 * too. Thread-safe; stateless.
 */
public final class SentenceSplitter {

  private static final Pattern BOUNDARY =
      Pattern.compile(
          "(?<=[.!?])((?:\\s*"
              + CitationMarkers.MARKER.pattern()
              + ")*)(?:\\s+|$)"
              + "|\\n[ \\t]*\\n\\s*"
              + "|\\n(?=[ \\t]*(?:[-*+]\\s|\\d+[.)]\\s|#|\\||```))");

  /** An abbreviation that ends in a full stop, at the end of the text before a boundary. */
  private static final Pattern ABBREVIATION =
      Pattern.compile(
          "(?:^|[^\\p{L}])(?:e\\.g|i\\.e|cf|vs|etc|et al)\\.$", Pattern.CASE_INSENSITIVE);

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
    int rowEnd = tableRowEnd(text, start);
    while (m.find()) {
      while (rowEnd >= 0 && rowEnd < m.start()) {
        add(spans, text, start, rowEnd); // a row ends at its line break, whatever follows
        start = rowEnd;
        rowEnd = tableRowEnd(text, start);
      }
      if (m.group(1) != null && continuesAfterAbbreviation(text, m)) {
        continue;
      }
      if (m.start() < rowEnd) {
        if (m.end() <= rowEnd) {
          continue; // a full stop inside a table row's cell
        }
        add(spans, text, start, rowEnd); // the row ends at its line break, taken by this match
      } else {
        String trailingCitations = m.group(1) == null ? "" : m.group(1);
        int end = trailingCitations.isEmpty() ? m.start() : m.start(1) + trailingCitations.length();
        add(spans, text, start, end);
      }
      start = m.end();
      rowEnd = tableRowEnd(text, start);
    }
    while (rowEnd >= 0 && rowEnd < text.length()) {
      add(spans, text, start, rowEnd);
      start = rowEnd;
      rowEnd = tableRowEnd(text, start);
    }
    add(spans, text, start, text.length());
    return spans;
  }

  /**
   * Whether a full stop is an abbreviation's ("e.g.", "i.e.", "cf.", "vs.", "etc.", "et al.") with
   * the sentence going on after it on the same line, not with a capital letter.
   */
  private static boolean continuesAfterAbbreviation(String text, Matcher stop) {
    if (stop.end() >= text.length()
        || Character.isUpperCase(text.charAt(stop.end()))
        || text.substring(stop.start(), stop.end()).indexOf('\n') >= 0) {
      return false; // a capital, or a line break (a new paragraph or block may start there)
    }
    return ABBREVIATION.matcher(text.substring(Math.max(0, stop.start() - 8), stop.start())).find();
  }

  /** Where the table row starting at {@code from} (after spaces) ends: its line break; else -1. */
  private static int tableRowEnd(String text, int from) {
    int i = from;
    while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
      i++;
    }
    if (i == text.length() || text.charAt(i) != '|') {
      return -1;
    }
    int lineBreak = text.indexOf('\n', i);
    return lineBreak < 0 ? text.length() : lineBreak;
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
