package dev.quarry.retriever.search;

import dev.quarry.retriever.InvalidSearchException;
import dev.quarry.retriever.index.IndexFields;
import dev.quarry.retriever.index.KnowledgeIndex;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

/** Turns request filters into one Lucene query that both legs apply before ranking. */
final class FilterQueries {

  /** The filter name of the document id field. */
  static final String DOCUMENT_ID = "documentId";

  private FilterQueries() {}

  /**
   * @return the filter query, or {@code null} when there are no filters
   * @throws InvalidSearchException if a field is unknown to the index or has no values
   */
  static Query of(Map<String, List<String>> filters, KnowledgeIndex index) {
    if (filters.isEmpty()) {
      return null;
    }
    Set<String> known = index.metadataFields();
    BooleanQuery.Builder all = new BooleanQuery.Builder();
    for (Map.Entry<String, List<String>> filter : filters.entrySet()) {
      String name = filter.getKey();
      String field;
      if (DOCUMENT_ID.equals(name)) {
        field = IndexFields.DOCUMENT_ID;
      } else if (known.contains(name)) {
        field = IndexFields.META_PREFIX + name;
      } else {
        throw new InvalidSearchException(
            "Unknown filter field '"
                + name
                + "'. This knowledge base can be filtered by "
                + DOCUMENT_ID
                + (known.isEmpty() ? "" : " and " + String.join(", ", known))
                + ".",
            index.directory());
      }
      if (filter.getValue() == null || filter.getValue().isEmpty()) {
        throw new InvalidSearchException(
            "Filter '" + name + "' has no values; give at least one.", index.directory());
      }
      BooleanQuery.Builder any = new BooleanQuery.Builder();
      for (String value : filter.getValue()) {
        any.add(new TermQuery(new Term(field, value)), BooleanClause.Occur.SHOULD);
      }
      all.add(any.build(), BooleanClause.Occur.FILTER);
    }
    return all.build();
  }
}
