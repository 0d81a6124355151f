package dev.quarry.ingestion.parse;

/**
 * Gives an EPUB chapter its table-of-contents title ({@link EpubToc}) as a level-1 heading when the
 * chapter's own markup does not open with a heading: the title is written just before the chapter's
 * first block. A chapter that starts with {@code h1..h6} keeps its own headings only.
 */
final class ChapterTitle implements BlockSink {

  private final BlockSink out;
  private final String title;
  private boolean decided;

  ChapterTitle(BlockSink out, String title) {
    this.out = out;
    this.title = title;
    this.decided = title.isBlank();
  }

  @Override
  public void nextPage() throws BlockWriter.TextLimitException {
    out.nextPage();
  }

  @Override
  public void heading(int level, CharSequence raw) throws BlockWriter.TextLimitException {
    decided = true;
    out.heading(level, raw);
  }

  @Override
  public void block(BlockKind kind, CharSequence raw) throws BlockWriter.TextLimitException {
    if (!decided && !BlockWriter.normalize(raw).isEmpty()) {
      decided = true;
      out.heading(1, title);
    }
    out.block(kind, raw);
  }
}
