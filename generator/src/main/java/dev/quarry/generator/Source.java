package dev.quarry.generator;

import java.util.List;
import java.util.Objects;

/**
 * One passage the answer may cite, as the retriever hands it over.
 *
 * @param id the passage id the caller maps citations back to
 * @param title the document title shown to the model next to the text (may be empty)
 * @param text the passage text
 * @param headingPath the headings above the passage in its document (may be empty)
 * @param page the page it starts on, or null when the format has no pages
 * @param relevance the retriever's cosine between the question's and the passage's embeddings (the
 *     dense leg), or null when unknown
 */
public record Source(
    String id,
    String title,
    String text,
    List<String> headingPath,
    Integer page,
    Double relevance) {
  public Source {
    Objects.requireNonNull(id, "id");
    title = title == null ? "" : title;
    Objects.requireNonNull(text, "text");
    headingPath = headingPath == null ? List.of() : List.copyOf(headingPath);
  }

  /** A passage without a location in its document or a retrieval score. */
  public Source(String id, String title, String text) {
    this(id, title, text, List.of(), null, null);
  }

  /** Whether the passage has a page or a heading path a reader can go to. */
  public boolean located() {
    return page != null || !headingPath.isEmpty();
  }
}
