package dev.quarry.ingestion.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the structure of plain text and Markdown without changing a character: ATX headings ({@code
 * # Title} .. {@code ###### Title}), paragraphs separated by blank lines, and list items ({@code
 * -}, {@code *}, {@code +}, {@code 1.}). Fenced code blocks stay whole and are never read as
 * headings. Block offsets point into the text as given, so citations highlight the original file.
 */
final class PlainTextStructure {

  private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})[ \\t]+(.*?)[ \\t#]*$");
  private static final Pattern LIST_ITEM = Pattern.compile("^\\s{0,3}([-*+]|\\d{1,9}[.)])\\s+\\S");
  private static final Pattern FENCE = Pattern.compile("^ {0,3}(```|~~~)");

  private final String text;
  private final HeadingPath headings = new HeadingPath();
  private final List<TextBlock> blocks = new ArrayList<>();
  private String firstHeading = "";
  private int blockStart = -1;
  private int blockEnd;
  private BlockKind blockKind;

  private PlainTextStructure(String text) {
    this.text = text;
  }

  /** The blocks of {@code text}, in order. */
  static PlainTextStructure of(String text) {
    PlainTextStructure s = new PlainTextStructure(text);
    s.read();
    return s;
  }

  List<TextBlock> blocks() {
    return blocks;
  }

  String firstHeading() {
    return firstHeading;
  }

  private void read() {
    boolean inFence = false;
    int lineStart = 0;
    while (lineStart < text.length()) {
      int newline = text.indexOf('\n', lineStart);
      int lineEnd = newline < 0 ? text.length() : newline;
      String line = text.substring(lineStart, lineEnd);
      if (FENCE.matcher(line).find()) {
        inFence = !inFence;
        extend(BlockKind.PARAGRAPH, lineStart, lineEnd);
      } else if (inFence) {
        extend(BlockKind.PARAGRAPH, lineStart, lineEnd);
      } else if (line.isBlank()) {
        close();
      } else {
        Matcher h = HEADING.matcher(line);
        if (h.matches() && !h.group(2).isBlank()) {
          close();
          headings.open(h.group(1).length(), h.group(2).strip());
          if (firstHeading.isEmpty()) {
            firstHeading = h.group(2).strip();
          }
          add(BlockKind.HEADING, lineStart + h.start(2), lineStart + h.end(2));
        } else if (LIST_ITEM.matcher(line).find()) {
          close();
          extend(BlockKind.LIST_ITEM, lineStart, lineEnd);
        } else {
          extend(blockKind == null ? BlockKind.PARAGRAPH : blockKind, lineStart, lineEnd);
        }
      }
      lineStart = lineEnd + 1;
    }
    close();
  }

  private void extend(BlockKind kind, int from, int to) {
    if (blockStart < 0) {
      blockStart = from;
      blockKind = kind;
    }
    blockEnd = to;
  }

  private void close() {
    if (blockStart >= 0) {
      add(blockKind, blockStart, blockEnd);
    }
    blockStart = -1;
    blockKind = null;
  }

  /** Adds a block over [from, to) trimmed of surrounding whitespace; blank spans add nothing. */
  private void add(BlockKind kind, int from, int to) {
    while (from < to && Character.isWhitespace(text.charAt(from))) {
      from++;
    }
    while (to > from && Character.isWhitespace(text.charAt(to - 1))) {
      to--;
    }
    if (from < to) {
      blocks.add(new TextBlock(kind, from, to, headings.current(), null));
    }
  }
}
