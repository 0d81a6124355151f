package dev.quarry.retriever.search;

import java.util.List;

/**
 * The answer to a {@link SearchRequest}.
 *
 * @param passages best first, at most k
 * @param queryTokens tokens of the query as the embedding model saw it (0 for BM25-only)
 * @param queryTruncated true when the query exceeded the embedding model's window and its tail was
 *     left out of the dense leg (the BM25 leg always sees the whole query)
 * @param timings where the time went
 */
public record SearchResult(
    List<Passage> passages, int queryTokens, boolean queryTruncated, SearchTimings timings) {}
