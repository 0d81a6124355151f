package dev.quarry.retriever.search;

/**
 * A passage's place in one retrieval leg.
 *
 * @param score BM25 score, or cosine similarity for the dense leg
 * @param rank 1-based rank within that leg
 */
public record LegScore(float score, int rank) {}
