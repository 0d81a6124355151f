package dev.quarry.retriever.index;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One passage of one document, as ingestion hands it to the index.
 *
 * @param ordinal position of the chunk in its document, from 0
 * @param title the document's title (may be empty)
 * @param headingPath the headings above the chunk, outermost first (may be empty)
 * @param text the passage itself
 * @param start offset of the passage's first character in the document's extracted text
 * @param end offset one past its last character
 * @param page 1-based page or slide number, or {@code null} where the format has no pages
 * @param metadata filterable fields (language, author, media type, ...), one value each
 */
public record Chunk(
    int ordinal,
    String title,
    List<String> headingPath,
    String text,
    int start,
    int end,
    Integer page,
    Map<String, String> metadata) {

  public Chunk {
    if (ordinal < 0) {
      throw new IllegalArgumentException("ordinal must be >= 0, got " + ordinal);
    }
    title = Objects.requireNonNullElse(title, "");
    headingPath = List.copyOf(Objects.requireNonNullElse(headingPath, List.of()));
    Objects.requireNonNull(text, "text");
    if (text.isBlank()) {
      throw new IllegalArgumentException("chunk " + ordinal + " has no text");
    }
    if (start < 0 || end < start) {
      throw new IllegalArgumentException(
          "chunk " + ordinal + " has invalid offsets [" + start + ", " + end + ")");
    }
    metadata = Map.copyOf(Objects.requireNonNullElse(metadata, Map.of()));
  }

  /** A chunk of plain text with no structure: offsets span the text, no page, no metadata. */
  public static Chunk ofText(int ordinal, String title, String text) {
    return new Chunk(ordinal, title, List.of(), text, 0, text.length(), null, Map.of());
  }

  /**
   * What the embedding model and BM25 see: title and heading path give the passage its context (a
   * heading travels with the chunks under it).
   */
  public String contextualText() {
    StringBuilder sb = new StringBuilder();
    if (!title.isBlank()) {
      sb.append(title).append('\n');
    }
    for (String heading : headingPath) {
      if (!heading.equals(title)) {
        sb.append(heading).append('\n');
      }
    }
    return sb.append(text).toString();
  }
}
