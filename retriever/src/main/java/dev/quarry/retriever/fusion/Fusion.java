package dev.quarry.retriever.fusion;

import java.util.List;

/** Merges two rankings of the same collection into one. Implementations are stateless. */
public interface Fusion {

  /**
   * Fuses two rankings, each ordered best first and without duplicates.
   *
   * @param bm25 the BM25 leg's hits
   * @param dense the dense leg's hits
   * @param depth how many hits each leg was asked for. A leg that returned fewer returned every
   *     document it matches (a leg that was not run returns none), so a document missing from it
   *     matches nothing there; a leg that returned {@code depth} hits was cut, and a document
   *     missing from it may score up to its weakest hit
   * @return every document of either list once, ordered by fused score, best first; ties keep the
   *     document with the better BM25 rank, then the lower document id
   * @throws IllegalArgumentException if {@code depth < 1}
   */
  List<FusedHit> fuse(List<Hit> bm25, List<Hit> dense, int depth);
}
