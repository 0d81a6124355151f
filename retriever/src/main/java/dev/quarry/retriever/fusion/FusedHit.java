package dev.quarry.retriever.fusion;

/**
 * One result after fusion, with where it came from in each leg.
 *
 * @param doc the chunk, named within the index snapshot of the search
 * @param score the fused score; higher is better
 * @param bm25 the BM25 hit, or {@code null} when the BM25 leg did not return it
 * @param bm25Rank 1-based rank in the BM25 leg, 0 when absent
 * @param dense the dense hit, or {@code null} when the dense leg did not return it
 * @param denseRank 1-based rank in the dense leg, 0 when absent
 */
public record FusedHit(int doc, float score, Hit bm25, int bm25Rank, Hit dense, int denseRank) {}
