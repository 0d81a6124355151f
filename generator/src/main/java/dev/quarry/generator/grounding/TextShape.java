package dev.quarry.generator.grounding;

import java.util.regex.Pattern;

/**
 * What a source sentence looks like: prose, a table row, or debris (table rules, pipes, numbers,
 * code, page furniture, rows whose cells are mostly empty or codes). The extractive composer quotes
 * prose, quotes a table row only as a row, and never quotes debris.
 */
public enum TextShape {
  /** Running text: words, mostly letters. */
  PROSE,
  /** A row of a table ({@code | a | b |}) with enough words in its cells to say something. */
  TABLE_ROW,
  /**
   * Mostly rules, pipes, digits, symbols or code (a fenced code block too); fewer than three words.
   */
  DEBRIS;

  /** Words that say something: two or more letters. */
  private static final Pattern WORD = Pattern.compile("\\p{L}{2,}");

  /** Least share of letters among the visible characters of prose. */
  static final double MIN_LETTER_SHARE = 0.6;

  /** Fewest words in a sentence or table row worth quoting. */
  static final int MIN_WORDS = 3;

  /**
   * Marks of a command line or a JSON body, which read as words to the letter count: a JSON object
   * ({@code {"key":}), a shell line continuation before an option ({@code \ -H}), or a curl-style
   * option with a quoted value ({@code -d '{…}'}). Looked for outside `inline code` spans: prose
   * that quotes a command in backticks is still prose.
   */
  private static final Pattern INLINE_CODE = Pattern.compile("`[^`]*`");

  private static final Pattern CODE_MARKS =
      Pattern.compile("\\{\\s*\"[^\"]*\"\\s*:|\\\\\\s+-|(?:^|\\s)-[A-Za-z]\\s+['\"]");

  /** A Markdown table's rule under its header: {@code |---|:---:|}. */
  private static final Pattern TABLE_RULE =
      Pattern.compile("\\|?\\s*:?-+:?\\s*(?:\\|\\s*:?-+:?\\s*)*\\|?");

  /** Whether the sentence is a table's rule row, which marks the row above it as the header. */
  public static boolean isTableRule(String sentence) {
    String text = sentence.strip();
    return text.indexOf('|') >= 0 && TABLE_RULE.matcher(text).matches();
  }

  /** A fenced code block's opening ({@code ```} or {@code ~~~}), which the block's lines follow. */
  private static final Pattern CODE_FENCE = Pattern.compile("\\s*(?:```|~~~)");

  /** Classifies one sentence (citation markers are ignored). */
  public static TextShape of(String sentence) {
    String text = CitationMarkers.strip(sentence);
    int visible = 0;
    int letters = 0;
    int pipes = 0;
    int code = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        continue;
      }
      visible++;
      if (Character.isLetter(c)) {
        letters++;
      } else if (c == '|') {
        pipes++;
      } else if ("{}<>=;$\\_~^`".indexOf(c) >= 0) {
        code++;
      }
    }
    long words = WORD.matcher(text).results().count();
    if (visible == 0 || words < MIN_WORDS || CODE_FENCE.matcher(text).lookingAt()) {
      return DEBRIS;
    }
    boolean row = text.startsWith("|") || pipes >= 2;
    double letterShare = (double) letters / Math.max(1, visible - pipes);
    if (letterShare < MIN_LETTER_SHARE
        || code * 10 > visible
        || CODE_MARKS.matcher(INLINE_CODE.matcher(text).replaceAll(" ")).find()) {
      return DEBRIS;
    }
    if (row) {
      return mostCellsHaveWords(text) ? TABLE_ROW : DEBRIS;
    }
    return PROSE;
  }

  /** A row is worth quoting when at least two thirds of its cells hold a word. */
  private static boolean mostCellsHaveWords(String row) {
    String inner = row.strip().replaceAll("^\\|", "").replaceAll("\\|$", "");
    String[] cells = inner.split("\\|", -1);
    long wordy = java.util.Arrays.stream(cells).filter(c -> WORD.matcher(c).find()).count();
    return cells.length > 0 && wordy * 3 >= cells.length * 2;
  }
}
