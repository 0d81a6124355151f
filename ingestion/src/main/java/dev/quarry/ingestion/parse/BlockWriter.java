package dev.quarry.ingestion.parse;

import java.util.ArrayList;
import java.util.List;
import org.xml.sax.SAXException;

/**
 * Builds the extracted text of a document block by block: each block's whitespace is collapsed, the
 * blocks are separated by a blank line, and each block records its offsets, heading path and page.
 * Refuses to grow past a character limit (the parser's memory guard).
 */
final class BlockWriter {

  /** Thrown (as a SAX exception, so it travels through Tika's parsers) past the char limit. */
  static final class TextLimitException extends SAXException {
    TextLimitException(long limit) {
      super("more than " + limit + " characters of text");
    }
  }

  private final StringBuilder text = new StringBuilder();
  private final List<TextBlock> blocks = new ArrayList<>();
  private final HeadingPath headings = new HeadingPath();
  private final long maxChars;
  private Integer page;
  private String firstHeading = "";

  BlockWriter(long maxChars) {
    this.maxChars = maxChars;
  }

  /** Starts the next page or slide; blocks written from now on carry its number. */
  void nextPage() {
    page = page == null ? 1 : page + 1;
  }

  /** Writes a heading of {@code level} (1..6) and makes it the innermost open heading. */
  void heading(int level, CharSequence raw) throws TextLimitException {
    String heading = normalize(raw);
    if (heading.isEmpty()) {
      return;
    }
    headings.open(level, heading);
    if (firstHeading.isEmpty()) {
      firstHeading = heading;
    }
    append(BlockKind.HEADING, heading);
  }

  /** Writes a block of running text; blank text writes nothing. */
  void block(BlockKind kind, CharSequence raw) throws TextLimitException {
    String normalized = normalize(raw);
    if (!normalized.isEmpty()) {
      append(kind, normalized);
    }
  }

  private void append(BlockKind kind, String value) throws TextLimitException {
    if (!text.isEmpty()) {
      text.append("\n\n");
    }
    if (text.length() + (long) value.length() > maxChars) {
      throw new TextLimitException(maxChars);
    }
    int start = text.length();
    text.append(value);
    blocks.add(new TextBlock(kind, start, text.length(), headings.current(), page));
  }

  /** Collapses every run of whitespace (line breaks and no-break spaces included) to one space. */
  static String normalize(CharSequence raw) {
    StringBuilder out = new StringBuilder(raw.length());
    boolean space = false;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u0000') {
        space = !out.isEmpty();
      } else {
        if (space) {
          out.append(' ');
          space = false;
        }
        out.append(c);
      }
    }
    return out.toString();
  }

  String text() {
    return text.toString();
  }

  List<TextBlock> blocks() {
    return blocks;
  }

  String firstHeading() {
    return firstHeading;
  }
}
