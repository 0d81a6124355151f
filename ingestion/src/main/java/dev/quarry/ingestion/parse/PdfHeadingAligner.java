package dev.quarry.ingestion.parse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Puts a PDF's headings ({@link PdfStructure}) into Tika's text: it holds back one page of blocks,
 * then writes each heading of that page where its title starts a line (splitting the block there,
 * so the heading's own text is not repeated in a paragraph), or, when no line on the page starts
 * with the title, right after the page's previous heading. Headings keep their order; page numbers
 * stay Tika's.
 */
final class PdfHeadingAligner implements BlockSink {

  /** One held-back call: a block (or a heading Tika found itself) of the current page. */
  private record Event(BlockKind kind, int level, String text) {}

  private final BlockSink out;
  private final Map<Integer, List<PdfHeading>> byPage = new HashMap<>();
  private final List<Event> held = new ArrayList<>();
  private int page;

  PdfHeadingAligner(BlockSink out, List<PdfHeading> headings) {
    this.out = out;
    for (PdfHeading h : headings) {
      byPage.computeIfAbsent(h.page(), p -> new ArrayList<>()).add(h);
    }
  }

  @Override
  public void nextPage() throws BlockWriter.TextLimitException {
    finish();
    out.nextPage();
    page++;
  }

  @Override
  public void heading(int level, CharSequence raw) {
    held.add(new Event(BlockKind.HEADING, level, raw.toString()));
  }

  @Override
  public void block(BlockKind kind, CharSequence raw) {
    held.add(new Event(kind, 0, raw.toString()));
  }

  /** Writes the held-back page; call once after the parse. */
  void finish() throws BlockWriter.TextLimitException {
    List<Event> events = new ArrayList<>(held);
    held.clear();
    int cursor = 0;
    for (PdfHeading h : byPage.getOrDefault(page, List.of())) {
      cursor = place(events, cursor, h);
    }
    for (Event e : events) {
      if (e.kind() == BlockKind.HEADING) {
        out.heading(e.level(), e.text());
      } else {
        out.block(e.kind(), e.text());
      }
    }
  }

  /** Inserts {@code h} at or after {@code cursor}; returns the index after it. */
  private static int place(List<Event> events, int cursor, PdfHeading h) {
    Event heading = new Event(BlockKind.HEADING, h.level(), h.title());
    for (int i = cursor; i < events.size(); i++) {
      Event e = events.get(i);
      if (e.kind() == BlockKind.HEADING || e.kind() == BlockKind.TABLE_ROW) {
        continue;
      }
      int lineStart = 0;
      for (String line : e.text().split("\n", -1)) {
        int end = matchEnd(line, h.title());
        if (end >= 0) {
          String before = e.text().substring(0, lineStart);
          String after = e.text().substring(lineStart + end);
          List<Event> replacement = new ArrayList<>();
          if (!before.isBlank()) {
            replacement.add(new Event(e.kind(), 0, before));
          }
          replacement.add(heading);
          int next = i + replacement.size();
          if (!after.isBlank()) {
            replacement.add(new Event(e.kind(), 0, after));
          }
          events.remove(i);
          events.addAll(i, replacement);
          return next;
        }
        lineStart += line.length() + 1;
      }
    }
    events.add(Math.min(cursor, events.size()), heading);
    return cursor + 1;
  }

  /**
   * Where {@code title} ends in {@code line} when the line starts with it (whitespace and case
   * ignored) and the title ends at a word boundary; -1 otherwise.
   */
  static int matchEnd(String line, String title) {
    int i = 0;
    for (int t = 0; t < title.length(); t++) {
      char c = title.charAt(t);
      if (Character.isWhitespace(c)) {
        continue;
      }
      while (i < line.length() && Character.isWhitespace(line.charAt(i))) {
        i++;
      }
      if (i >= line.length() || !sameLetter(line.charAt(i), c)) {
        return -1;
      }
      i++;
    }
    boolean boundary = i >= line.length() || !Character.isLetterOrDigit(line.charAt(i));
    return boundary && i > 0 ? i : -1;
  }

  private static boolean sameLetter(char a, char b) {
    return a == b
        || String.valueOf(a)
            .toLowerCase(Locale.ROOT)
            .equals(String.valueOf(b).toLowerCase(Locale.ROOT));
  }
}
