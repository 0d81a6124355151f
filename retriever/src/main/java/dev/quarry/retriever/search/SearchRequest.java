package dev.quarry.retriever.search;

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
 */
public record SearchRequest(
    String query, int k, Map<String, List<String>> filters, SearchMode mode, boolean diversify) {

  public SearchRequest {
    Objects.requireNonNull(query, "query");
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1, got " + k);
    }
    filters = Map.copyOf(Objects.requireNonNullElse(filters, Map.of()));
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
}
