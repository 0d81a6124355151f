package dev.quarry.retriever.search;

/** Where one search spent its time, in nanoseconds. */
public record SearchTimings(
    long embedNanos, long bm25Nanos, long denseNanos, long fuseNanos, long totalNanos) {}
