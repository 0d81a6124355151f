package dev.quarry.retriever.index;

import dev.quarry.retriever.fusion.Hit;
import java.util.List;

/**
 * The hits of both retrieval legs of one search, each best first; a skipped leg has none.
 *
 * @param bm25 the BM25 leg's hits
 * @param dense the dense (kNN) leg's hits
 */
public record Legs(List<Hit> bm25, List<Hit> dense) {

  public Legs {
    bm25 = List.copyOf(bm25);
    dense = List.copyOf(dense);
  }
}
