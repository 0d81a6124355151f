package dev.quarry.retriever.search;

/**
 * Where one search spent its time, in nanoseconds.
 *
 * @param embedNanos embedding the query
 * @param legsNanos both retrieval legs, BM25 and dense, in one call to the index
 * @param fuseNanos fusing the legs, and MMR when asked for
 * @param totalNanos the whole search; the rest is filters and loading the passages
 */
public record SearchTimings(long embedNanos, long legsNanos, long fuseNanos, long totalNanos) {}
