package dev.quarry.retriever.index;

import java.util.Objects;

/**
 * What one search asks of an {@link IndexSnapshot}: which retrieval legs to run, on what, and how
 * deep.
 *
 * @param text the BM25 leg's query, or null to skip that leg
 * @param vector the dense leg's query vector, or null to skip that leg
 * @param filter applied by both legs before ranking
 * @param n hits per leg, at least 1
 * @param vectors whether {@link IndexSnapshot#vector} will be asked for the hits (MMR): an engine
 *     may then read the vectors with the hits instead of one by one
 */
public record LegsRequest(String text, float[] vector, ChunkFilter filter, int n, boolean vectors) {

  /**
   * @throws IllegalArgumentException if {@code n < 1}
   */
  public LegsRequest {
    Objects.requireNonNull(filter, "filter");
    if (n < 1) {
      throw new IllegalArgumentException("n must be >= 1, got " + n);
    }
  }
}
