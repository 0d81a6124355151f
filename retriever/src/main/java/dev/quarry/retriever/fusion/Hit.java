package dev.quarry.retriever.fusion;

/**
 * One result of one retrieval leg.
 *
 * @param doc the Lucene document id (top-level, valid for the searcher that produced it)
 * @param score the leg's own score (BM25, or cosine similarity)
 */
public record Hit(int doc, float score) {}
