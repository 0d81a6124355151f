package dev.quarry.ingestion.parse;

import java.util.regex.Pattern;

/**
 * Text that documents carry for navigation rather than reading, removed from headings and blocks:
 *
 * <ul>
 *   <li>object numbers in full-width brackets, such as {@code 「529」} after every heading and
 *       paragraph of SiSU-made manuals (Debian's live-manual in ODT, DOCX, TXT);
 *   <li>in headings only, a bracketed number at either end ({@code [12]}, {@code 【3】}) and a
 *       trailing pilcrow left by a self-link ({@code Installation¶}).
 * </ul>
 *
 * A bracketed number inside running text ({@code see [12] for details}) is a citation and stays.
 */
final class AnchorDebris {

  /** A number in full-width (CJK) brackets: never prose in any language at a block's edge. */
  private static final String WIDE_MARKER = "[「【〔〖][0-9]{1,7}[」】〕〗]";

  /** Any bracketed number, for headings. */
  private static final String MARKER = "(?:" + WIDE_MARKER + "|\\[[0-9]{1,7}\\]|\\{[0-9]{1,7}\\})";

  private static final Pattern HEADING_EDGES =
      Pattern.compile("^(?:\\s*" + MARKER + ")+\\s*|(?:\\s*(?:" + MARKER + "|¶))+\\s*$");

  private static final Pattern WIDE_EDGES =
      Pattern.compile("^(?:\\s*" + WIDE_MARKER + ")+\\s*|(?:\\s*" + WIDE_MARKER + ")+\\s*$");

  private static final Pattern ONLY_WIDE_MARKERS =
      Pattern.compile("\\s*(?:" + WIDE_MARKER + "\\s*)+");

  private AnchorDebris() {}

  /** {@code heading} without navigation markers at its ends; may return an empty string. */
  static String cleanHeading(String heading) {
    return HEADING_EDGES.matcher(heading).replaceAll("").strip();
  }

  /** {@code text} without full-width bracketed numbers at its ends; may return an empty string. */
  static String cleanBlock(String text) {
    return WIDE_EDGES.matcher(text).replaceAll("").strip();
  }

  /** Whether {@code text} holds nothing but full-width bracketed numbers (and whitespace). */
  static boolean onlyMarkers(CharSequence text) {
    return ONLY_WIDE_MARKERS.matcher(text).matches();
  }
}
