package dev.quarry.retriever.search;

import dev.quarry.retriever.InvalidSearchException;
import dev.quarry.retriever.index.ChunkFilter;
import dev.quarry.retriever.index.ChunkIndex;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a request's filters against the knowledge base and turns them into the {@link ChunkFilter}
 * both legs apply before ranking (each index translates it into its own query).
 */
final class FilterQueries {

  /** The filter name of the document id field. */
  static final String DOCUMENT_ID = ChunkFilter.DOCUMENT_ID;

  private FilterQueries() {}

  /**
   * @return the filter, {@link ChunkFilter#NONE} when there are no filters
   * @throws InvalidSearchException if a field is unknown to the index or has no values
   */
  static ChunkFilter of(Map<String, List<String>> filters, ChunkIndex index) {
    if (filters.isEmpty()) {
      return ChunkFilter.NONE;
    }
    Set<String> known = index.metadataFields();
    for (Map.Entry<String, List<String>> filter : filters.entrySet()) {
      String name = filter.getKey();
      if (!DOCUMENT_ID.equals(name) && !known.contains(name)) {
        throw new InvalidSearchException(
            "Unknown filter field '"
                + name
                + "'. This knowledge base can be filtered by "
                + DOCUMENT_ID
                + (known.isEmpty() ? "" : " and " + String.join(", ", known))
                + ".",
            null);
      }
      if (filter.getValue() == null || filter.getValue().isEmpty()) {
        throw new InvalidSearchException(
            "Filter '" + name + "' has no values; give at least one.", null);
      }
    }
    return new ChunkFilter(filters);
  }
}
