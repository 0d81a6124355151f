package dev.quarry.ingestion.parse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Numbered section headings in plain text, such as {@code 1.2.3 Title} in a TXT manual or an RFC.
 * The depth is the count of numbers ({@code 1.2.3} has depth 3). A line is a heading only when all
 * of these hold, so that sentences, list items and version numbers are not taken for headings:
 *
 * <ul>
 *   <li>it stands alone: a blank line (or the start or end of the text) before and after it;
 *   <li>it is short (at most {@value #MAX_LENGTH} characters and {@value #MAX_WORDS} words) and its
 *       title starts with a capital letter (or a letter without case) after the number;
 *   <li>its title does not end like a sentence or a clause ({@code . , ; :}) and has no dot leaders
 *       or page number (a table of contents line);
 *   <li>each number has at most three digits, without a leading zero;
 *   <li>a single number ({@code 2 Title}, {@code 2. Title}) counts only when the next numbered line
 *       is its first subsection ({@code 2.1 ...}): otherwise it is as likely a list item.
 * </ul>
 */
final class NumberedHeading {

  /** Finds no headings (Markdown, where {@code 1.} starts a list item). */
  static final NumberedHeading NONE = new NumberedHeading(Map.of());

  private static final int MAX_LENGTH = 100;
  private static final int MAX_WORDS = 14;

  private static final Pattern LINE =
      Pattern.compile(
          "^ {0,3}((?:[1-9][0-9]{0,2}|0)(?:\\.(?:[1-9][0-9]{0,2}|0)){0,5})\\.?[ \\t]+(\\S.*?)\\s*$");
  private static final Pattern TOC_LINE = Pattern.compile("(\\.{3,}|…|\\s{2,}[0-9ivxlc]+$)");
  private static final Pattern SENTENCE_END = Pattern.compile("[.,;:!]$");

  /** Depth of the section number ({@code 1.2.3} is 3) by line index. */
  private final Map<Integer, Integer> depths;

  private NumberedHeading(Map<Integer, Integer> depths) {
    this.depths = depths;
  }

  /** The numbered headings of {@code text}, whose lines are given as [start, end) offsets. */
  static NumberedHeading of(String text, List<int[]> lines) {
    Map<Integer, String> numbers = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      if (!blankAt(text, lines, i - 1) || !blankAt(text, lines, i + 1)) {
        continue;
      }
      String number = sectionNumber(text.substring(lines.get(i)[0], lines.get(i)[1]));
      if (number != null) {
        numbers.put(i, number);
      }
    }
    Map<Integer, Integer> depths = new HashMap<>();
    List<Integer> order = new ArrayList<>(numbers.keySet());
    order.sort(null);
    for (int k = 0; k < order.size(); k++) {
      String n = numbers.get(order.get(k));
      int depth = n.split("\\.").length;
      boolean childFollows =
          k + 1 < order.size() && numbers.get(order.get(k + 1)).startsWith(n + ".");
      if (depth > 1 || childFollows) {
        depths.put(order.get(k), Math.min(6, depth));
      }
    }
    return new NumberedHeading(depths);
  }

  /** The depth of line {@code index}'s section number, or 0 when it is not a numbered heading. */
  int depthOf(int index) {
    return depths.getOrDefault(index, 0);
  }

  /**
   * The section number of a line that reads like a numbered heading by the rules above (length,
   * capital, no sentence end, no table of contents), or {@code null}. The line's neighbours are not
   * looked at.
   */
  static String sectionNumber(String line) {
    if (line.length() > MAX_LENGTH) {
      return null;
    }
    Matcher m = LINE.matcher(line);
    if (!m.matches()) {
      return null;
    }
    String title = m.group(2);
    int first = title.codePointAt(0);
    if (!Character.isLetter(first) || Character.isLowerCase(first)) {
      return null;
    }
    if (SENTENCE_END.matcher(title).find() || TOC_LINE.matcher(title).find()) {
      return null;
    }
    if (title.split("\\s+").length > MAX_WORDS) {
      return null;
    }
    return m.group(1);
  }

  private static boolean blankAt(String text, List<int[]> lines, int index) {
    if (index < 0 || index >= lines.size()) {
      return true;
    }
    String line = text.substring(lines.get(index)[0], lines.get(index)[1]);
    return line.isBlank() || AnchorDebris.onlyMarkers(line);
  }
}
