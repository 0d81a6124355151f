package dev.quarry.retriever.fusion;

import java.util.List;

/** Merges two rankings of the same collection into one. Implementations are stateless. */
public interface Fusion {

  /**
   * Fuses two rankings, each ordered best first and without duplicates.
   *
   * @return every document of either list once, ordered by fused score, best first; ties keep the
   *     document with the better BM25 rank, then the lower document id
   */
  List<FusedHit> fuse(List<Hit> bm25, List<Hit> dense);
}
