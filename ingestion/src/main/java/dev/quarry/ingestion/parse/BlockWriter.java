package dev.quarry.ingestion.parse;

import java.util.ArrayList;
import java.util.List;
import org.xml.sax.SAXException;

/**
 * Builds the extracted text of a document block by block: each block's whitespace is collapsed, the
 * blocks are separated by a blank line, and each block records its offsets, heading path and page.
 * Refuses to grow past a character limit (the parser's memory guard).
 */
final class BlockWriter implements BlockSink {

  /** Thrown (as a SAX exception, so it travels through Tika's parsers) past the char limit. */
  static final class TextLimitException extends SAXException {
    TextLimitException(long limit) {
      super("more than " + limit + " characters of text");
    }
  }

  private final StringBuilder text = new StringBuilder();
  private final List<TextBlock> blocks = new ArrayList<>();
  private final HeadingPath headings = new HeadingPath();
  private final SectionLevels sectionLevels = new SectionLevels();
  private final long maxChars;
  private final boolean numberedParagraphs;
  private Integer page;
  private String firstHeading = "";

  BlockWriter(long maxChars) {
    this(maxChars, false);
  }

  /**
   * @param numberedParagraphs whether a paragraph that is just a multi-level section number and a
   *     title ({@code 1.2 Terms}, see {@link NumberedHeading#sectionNumber}) is written as a
   *     heading: documents that set their subsections as bold paragraphs (SiSU's EPUBs, Word files
   *     without heading styles) then keep them in the heading path
   */
  BlockWriter(long maxChars, boolean numberedParagraphs) {
    this.maxChars = maxChars;
    this.numberedParagraphs = numberedParagraphs;
  }

  @Override
  public void nextPage() {
    page = page == null ? 1 : page + 1;
  }

  /** {@inheritDoc} Navigation debris ({@link AnchorDebris}) is left out. */
  @Override
  public void heading(int level, CharSequence raw) throws TextLimitException {
    String heading = AnchorDebris.cleanHeading(normalize(raw));
    if (heading.isEmpty()) {
      return;
    }
    headings.open(level, heading);
    sectionLevels.seen(heading, level);
    if (firstHeading.isEmpty()) {
      firstHeading = heading;
    }
    append(BlockKind.HEADING, heading);
  }

  /**
   * {@inheritDoc} Object numbers at its ends ({@link AnchorDebris}) are left out; {@link
   * BlockKind#CODE} keeps its lines ({@link #normalizeLines}).
   */
  @Override
  public void block(BlockKind kind, CharSequence raw) throws TextLimitException {
    if (kind == BlockKind.CODE) {
      String code = normalizeLines(raw);
      if (!code.isEmpty()) {
        append(kind, code);
      }
      return;
    }
    String normalized = AnchorDebris.cleanBlock(normalize(raw));
    if (normalized.isEmpty()) {
      return;
    }
    String number =
        numberedParagraphs && kind == BlockKind.PARAGRAPH
            ? NumberedHeading.sectionNumber(normalized)
            : null;
    if (number != null && number.contains(".")) {
      heading(sectionLevels.levelOf(number.split("\\.").length), normalized);
    } else {
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

  /**
   * Preformatted text with its line breaks and relative indentation (tabs kept): no-break spaces
   * become spaces, trailing spaces and the blank lines at either end go, runs of blank lines become
   * one, and the indentation all lines share is taken off.
   */
  static String normalizeLines(CharSequence raw) {
    List<String> lines = new ArrayList<>();
    for (String line :
        raw.toString().replace('\u00a0', ' ').replace('\u0000', ' ').split("\r?\n|\r")) {
      String trimmed = line.stripTrailing();
      if (!trimmed.isEmpty() || (!lines.isEmpty() && !lines.get(lines.size() - 1).isEmpty())) {
        lines.add(trimmed);
      }
    }
    while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
      lines.remove(lines.size() - 1);
    }
    int indent =
        lines.stream()
            .filter(l -> !l.isEmpty())
            .mapToInt(l -> l.length() - l.stripLeading().length())
            .min()
            .orElse(0);
    StringBuilder out = new StringBuilder();
    for (String line : lines) {
      if (!out.isEmpty()) {
        out.append('\n');
      }
      out.append(line.isEmpty() ? line : line.substring(indent));
    }
    return out.toString().strip();
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
