package dev.quarry.ingestion.parse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the structure of plain text without changing a character. Block offsets point into the text
 * as given, so citations highlight the original file. (Markdown has its own reader, {@link
 * MarkdownStructure}.)
 *
 * <ul>
 *   <li>ATX-like headings ({@code # Title} .. {@code ###### Title}) that start with a capital or a
 *       digit: {@code # apt-get install} in a text manual is a root shell prompt.
 *   <li>Underlined headings: a paragraph underlined by a line of one repeated character ({@code = -
 *       * . ~ ^ + _ : # "}), with levels in order of first use as in reStructuredText.
 *   <li>Numbered headings ({@link NumberedHeading}), and the title a text file opens with: one
 *       short line, then a blank line (level 1).
 *   <li>Paragraphs separated by blank lines, and list items ({@code -}, {@code *}, {@code +},
 *       {@code 1.}). Fenced code blocks stay whole and are never read as headings.
 *   <li>Object numbers on lines of their own ({@code 「12」}, see {@link AnchorDebris}) are left out
 *       of blocks.
 * </ul>
 */
final class PlainTextStructure {

  private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})[ \\t]+(.*?)[ \\t#]*$");
  private static final Pattern LIST_ITEM = Pattern.compile("^\\s{0,3}([-*+]|\\d{1,9}[.)])\\s+\\S");
  private static final Pattern FENCE = Pattern.compile("^ {0,3}(```|~~~)");
  private static final Pattern TEXT_UNDERLINE =
      Pattern.compile("^ {0,3}(=|-|\\*|\\.|~|\\^|\\+|_|:|#|\")\\1{2,}[ \\t]*$");

  /** A heading underlined under a longer paragraph is not a heading: 3 lines at most. */
  private static final int MAX_SETEXT_LINES = 3;

  /** An opening line longer than this is a paragraph, not the document's title. */
  private static final int MAX_TITLE_CHARS = 250;

  private final String text;
  private final HeadingPath headings = new HeadingPath();
  private final List<TextBlock> blocks = new ArrayList<>();
  private final Map<Character, Integer> underlineLevels = new HashMap<>();
  private final SectionLevels sectionLevels = new SectionLevels();
  private NumberedHeading numbered;
  private String firstHeading = "";
  private int blockStart = -1;
  private int blockEnd;
  private int blockLines;
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
    List<int[]> lines = lines();
    numbered = NumberedHeading.of(text, lines);
    boolean inFence = false;
    for (int i = 0; i < lines.size(); i++) {
      int lineStart = lines.get(i)[0];
      int lineEnd = lines.get(i)[1];
      String line = text.substring(lineStart, lineEnd);
      if (FENCE.matcher(line).find()) {
        inFence = !inFence;
        extend(BlockKind.PARAGRAPH, lineStart, lineEnd);
      } else if (inFence) {
        extend(BlockKind.PARAGRAPH, lineStart, lineEnd);
      } else if (line.isBlank()) {
        if (isOpeningTitle(lineEnd)) {
          heading(1, blockStart, blockEnd);
        } else {
          close();
        }
      } else if (AnchorDebris.onlyMarkers(line)) {
        close();
      } else if (isSetextUnderline(line)) {
        heading(underlineLevel(line.strip().charAt(0)), blockStart, blockEnd);
      } else {
        Matcher h = HEADING.matcher(line);
        int depth = numbered.depthOf(i);
        if (h.matches() && isAtxTitle(h.group(2))) {
          close();
          heading(h.group(1).length(), lineStart + h.start(2), lineStart + h.end(2));
        } else if (depth > 0) {
          close();
          heading(sectionLevels.levelOf(depth), lineStart, lineEnd);
        } else if (LIST_ITEM.matcher(line).find()) {
          close();
          extend(BlockKind.LIST_ITEM, lineStart, lineEnd);
        } else {
          extend(blockKind == null ? BlockKind.PARAGRAPH : blockKind, lineStart, lineEnd);
        }
      }
    }
    close();
  }

  /** Line start and end offsets (without the line break). */
  private List<int[]> lines() {
    List<int[]> lines = new ArrayList<>();
    int lineStart = 0;
    while (lineStart < text.length()) {
      int newline = text.indexOf('\n', lineStart);
      int lineEnd = newline < 0 ? text.length() : newline;
      lines.add(new int[] {lineStart, lineEnd});
      lineStart = lineEnd + 1;
    }
    return lines;
  }

  /**
   * The title line a text file opens with: a first block of one short line, set apart by a blank
   * line, before any heading and with more text after it. It does not end like the start of a
   * letter or a list ({@code ,} {@code ;} {@code :}).
   */
  private boolean isOpeningTitle(int blankLineEnd) {
    if (!blocks.isEmpty()
        || blockKind != BlockKind.PARAGRAPH
        || blockLines != 1
        || blockEnd - blockStart > MAX_TITLE_CHARS) {
      return false;
    }
    String line = text.substring(blockStart, blockEnd).strip();
    char last = line.charAt(line.length() - 1);
    return last != ',' && last != ';' && last != ':' && !text.substring(blankLineEnd).isBlank();
  }

  /**
   * An ATX-like title. It must not start with a small letter: {@code # apt-get install} in a text
   * manual is a root shell prompt, not a heading.
   */
  private boolean isAtxTitle(String title) {
    if (title.isBlank()) {
      return false;
    }
    int first = title.strip().codePointAt(0);
    return Character.isLetterOrDigit(first) && !Character.isLowerCase(first);
  }

  /**
   * An underline under an open paragraph of a few lines, or under a one-line list item ({@code 1.
   * ABOUT THIS MANUAL} over {@code -----}).
   */
  private boolean isSetextUnderline(String line) {
    boolean paragraph = blockKind == BlockKind.PARAGRAPH && blockLines <= MAX_SETEXT_LINES;
    boolean item = blockKind == BlockKind.LIST_ITEM && blockLines == 1;
    if (blockStart < 0 || !(paragraph || item)) {
      return false;
    }
    return TEXT_UNDERLINE.matcher(line).matches();
  }

  private int underlineLevel(char c) {
    return underlineLevels.computeIfAbsent(c, k -> Math.min(6, underlineLevels.size() + 1));
  }

  /** Writes [from, to) as a heading of {@code level}; the open block, if any, is dropped. */
  private void heading(int level, int from, int to) {
    blockStart = -1;
    blockKind = null;
    blockLines = 0;
    int[] span = trim(from, to);
    String title = AnchorDebris.cleanHeading(text.substring(span[0], span[1]));
    if (title.isEmpty()) {
      return;
    }
    sectionLevels.seen(title, level);
    headings.open(level, title.replaceAll("\\s+", " "));
    if (firstHeading.isEmpty()) {
      firstHeading = title.replaceAll("\\s+", " ");
    }
    add(BlockKind.HEADING, span[0], span[1]);
  }

  private void extend(BlockKind kind, int from, int to) {
    if (blockStart < 0) {
      blockStart = from;
      blockKind = kind;
      blockLines = 0;
    }
    blockEnd = to;
    blockLines++;
  }

  private void close() {
    if (blockStart >= 0) {
      add(blockKind, blockStart, blockEnd);
    }
    blockStart = -1;
    blockKind = null;
    blockLines = 0;
  }

  /** Adds a block over [from, to) trimmed of surrounding whitespace; blank spans add nothing. */
  private void add(BlockKind kind, int from, int to) {
    int[] span = trim(from, to);
    if (span[0] < span[1]) {
      blocks.add(new TextBlock(kind, span[0], span[1], headings.current(), null));
    }
  }

  private int[] trim(int from, int to) {
    while (from < to && Character.isWhitespace(text.charAt(from))) {
      from++;
    }
    while (to > from && Character.isWhitespace(text.charAt(to - 1))) {
      to--;
    }
    return new int[] {from, to};
  }
}
