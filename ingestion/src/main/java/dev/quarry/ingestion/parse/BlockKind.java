package dev.quarry.ingestion.parse;

/** What a {@link TextBlock} is in its document. */
public enum BlockKind {
  /** A heading; its text is the last element of its heading path. */
  HEADING,
  /** A paragraph of running text. */
  PARAGRAPH,
  /** One item of a bulleted or numbered list. */
  LIST_ITEM,
  /** One table row, written as {@code header: value; header: value}. */
  TABLE_ROW,
  /**
   * Preformatted text, such as code or a terminal's output ({@code <pre>}): its line breaks and
   * indentation are kept.
   */
  CODE
}
