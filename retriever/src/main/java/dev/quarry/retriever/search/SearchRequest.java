package dev.quarry.retriever.search;

import dev.quarry.retriever.InvalidSearchException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One search.
 *
 * @param query the user's text
 * @param k passages wanted, at least 1
 * @param filters field → accepted values; a chunk must match one value of every field. Fields are
 *     {@code documentId} or a metadata key ingestion recorded
 * @param mode legs to run
 * @param diversify whether to re-rank the fused candidates with maximal marginal relevance
 * @throws InvalidSearchException if k is below 1, or a filter has no list of values or a null value
 */
public record SearchRequest(
    String query, int k, Map<String, List<String>> filters, SearchMode mode, boolean diversify) {

  public SearchRequest {
    Objects.requireNonNull(query, "query");
    if (k < 1) {
      throw new InvalidSearchException("k must be >= 1, got " + k, null);
    }
    filters = copyOf(Objects.requireNonNullElse(filters, Map.of()));
    Objects.requireNonNull(mode, "mode");
  }

  /** A hybrid search without filters or diversification. */
  public static SearchRequest of(String query, int k) {
    return new SearchRequest(query, k, Map.of(), SearchMode.HYBRID, false);
  }

  public SearchRequest withFilters(Map<String, List<String>> newFilters) {
    return new SearchRequest(query, k, newFilters, mode, diversify);
  }

  public SearchRequest withMode(SearchMode newMode) {
    return new SearchRequest(query, k, filters, newMode, diversify);
  }

  public SearchRequest withDiversify(boolean value) {
    return new SearchRequest(query, k, filters, mode, value);
  }

  /** An immutable copy; a filter given as null, or holding null, is refused by name. */
  private static Map<String, List<String>> copyOf(Map<String, List<String>> filters) {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    filters.forEach(
        (field, values) -> {
          if (field == null) {
            throw new InvalidSearchException("A filter needs a field name.", null);
          }
          if (values == null) {
            throw new InvalidSearchException(
                "Filter '"
                    + field
                    + "' needs a list of values, e.g. {\""
                    + field
                    + "\":[\"...\"]}.",
                null);
          }
          if (values.stream().anyMatch(Objects::isNull)) {
            throw new InvalidSearchException(
                "Filter '" + field + "' holds a null value; give text values only.", null);
          }
          copy.put(field, List.copyOf(values));
        });
    return Collections.unmodifiableMap(copy);
  }
}
