package dev.quarry.generator;

import java.util.Objects;

/**
 * One passage the answer may cite, as the retriever hands it over.
 *
 * @param id the passage id the caller maps citations back to
 * @param title the document title shown to the model next to the text (may be empty)
 * @param text the passage text
 */
public record Source(String id, String title, String text) {
  public Source {
    Objects.requireNonNull(id, "id");
    title = title == null ? "" : title;
    Objects.requireNonNull(text, "text");
  }
}
