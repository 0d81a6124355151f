package dev.quarry.ingestion.parse;

/**
 * Where the structure of a document goes, in reading order: pages, headings and blocks. {@link
 * BlockWriter} writes them out; {@link PdfHeadingAligner} puts a PDF's outline headings in place
 * first.
 */
interface BlockSink {

  /** Starts the next page or slide; blocks written from now on carry its number. */
  void nextPage() throws BlockWriter.TextLimitException;

  /** Writes a heading of {@code level} (1..6) and makes it the innermost open heading. */
  void heading(int level, CharSequence raw) throws BlockWriter.TextLimitException;

  /** Writes a block of running text; blank text writes nothing. */
  void block(BlockKind kind, CharSequence raw) throws BlockWriter.TextLimitException;
}
