package dev.quarry.api.engine;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * A document's extracted text as the index holds it: its passages in reading order. This is what
 * the web UI shows of a document, so that an uploaded file never has to be rendered by the browser
 * on Quarry's origin. Thread-safe.
 */
@ApplicationScoped
public class IndexedText {

  @Inject Pipelines pipelines;

  /**
   * One passage of a document.
   *
   * @param ordinal its position in the document, from 0
   * @param version the document version it was indexed from
   * @param headings the headings it sits under, outermost first
   * @param page its page, when the format has pages
   * @param start where it starts in the extracted text (characters)
   * @param end where it ends there (exclusive); consecutive passages may overlap
   * @param text the passage
   */
  public record TextPassage(
      int ordinal,
      long version,
      List<String> headings,
      Integer page,
      int start,
      int end,
      String text) {}

  /**
   * @return the searchable passages of {@code documentId}, ordered by position; empty when none is
   *     indexed (not processed yet, failed, or empty)
   * @throws dev.quarry.retriever.RetrieverException if the index cannot be read
   */
  public List<TextPassage> passages(String kbId, String documentId) {
    return pipelines.index(kbId).chunksOf(documentId).stream()
        .map(
            c ->
                new TextPassage(
                    c.ordinal(), c.version(), c.headings(), c.page(), c.start(), c.end(), c.text()))
        .toList();
  }
}
