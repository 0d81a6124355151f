package dev.quarry.api.engine;

import dev.quarry.retriever.index.IndexFields;
import dev.quarry.retriever.index.KnowledgeIndex;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;

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
    KnowledgeIndex index = pipelines.index(kbId);
    return index.withSearcher(
        searcher -> {
          try {
            TermQuery query = new TermQuery(new Term(IndexFields.DOCUMENT_ID, documentId));
            int count = searcher.count(query);
            if (count == 0) {
              return List.of();
            }
            StoredFields stored = searcher.storedFields();
            List<TextPassage> passages = new ArrayList<>(count);
            for (ScoreDoc hit : searcher.search(query, count).scoreDocs) {
              passages.add(passage(stored.document(hit.doc)));
            }
            passages.sort(Comparator.comparingInt(TextPassage::ordinal));
            return List.copyOf(passages);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  private static TextPassage passage(Document d) {
    String headings = d.get(IndexFields.HEADINGS);
    IndexableField page = d.getField(IndexFields.PAGE);
    return new TextPassage(
        d.getField(IndexFields.ORDINAL).numericValue().intValue(),
        d.getField(IndexFields.VERSION).numericValue().longValue(),
        headings == null || headings.isEmpty()
            ? List.of()
            : Arrays.asList(headings.split(IndexFields.HEADING_SEPARATOR)),
        page == null ? null : page.numericValue().intValue(),
        d.getField(IndexFields.START).numericValue().intValue(),
        d.getField(IndexFields.END).numericValue().intValue(),
        d.get(IndexFields.TEXT));
  }
}
