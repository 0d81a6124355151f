package dev.quarry.retriever.fusion;

/**
 * One result of one retrieval leg.
 *
 * @param doc the chunk, named within the index snapshot that produced the hit (for Lucene, the
 *     top-level document id of its searcher)
 * @param score the leg's own score (BM25, or cosine similarity)
 */
public record Hit(int doc, float score) {}
