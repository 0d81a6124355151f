package dev.quarry.ingestion.parse;

import java.util.Objects;

/**
 * A heading of a PDF found outside Tika's text: from the outline (bookmarks) or from the fonts.
 *
 * @param level 1..6, outermost 1
 * @param title the heading as the reader sees it, whitespace collapsed
 * @param page the 1-based page it is on
 */
record PdfHeading(int level, String title, int page) {

  PdfHeading {
    Objects.requireNonNull(title, "title");
    if (level < 1 || level > 6 || page < 1 || title.isBlank()) {
      throw new IllegalArgumentException("invalid heading " + level + " '" + title + "' p" + page);
    }
  }
}
