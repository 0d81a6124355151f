package dev.quarry.retriever.fusion;

import java.util.ArrayList;
import java.util.List;

/**
 * Convex combination of min-max normalised scores: {@code score = w · dense' + (1 − w) · bm25'},
 * where each leg's scores are scaled to [0, 1] over that leg's own candidates and a leg that did
 * not return the document contributes 0.
 */
public final class WeightedScoreFusion implements Fusion {

  private final float denseWeight;

  /**
   * @param denseWeight weight of the dense leg, in [0, 1]
   * @throws IllegalArgumentException if the weight is outside [0, 1]
   */
  public WeightedScoreFusion(float denseWeight) {
    if (!(denseWeight >= 0 && denseWeight <= 1)) {
      throw new IllegalArgumentException("denseWeight must be in [0, 1], got " + denseWeight);
    }
    this.denseWeight = denseWeight;
  }

  @Override
  public List<FusedHit> fuse(List<Hit> bm25, List<Hit> dense) {
    Range b = Range.of(bm25);
    Range d = Range.of(dense);
    List<FusedHit> out = new ArrayList<>();
    for (FusionTable.Row r : FusionTable.rows(bm25, dense)) {
      float score =
          (r.dense() == null ? 0 : denseWeight * d.normalize(r.dense().score()))
              + (r.bm25() == null ? 0 : (1 - denseWeight) * b.normalize(r.bm25().score()));
      out.add(new FusedHit(r.doc(), score, r.bm25(), r.bm25Rank(), r.dense(), r.denseRank()));
    }
    return FusionTable.sorted(out);
  }

  private record Range(float min, float max) {
    static Range of(List<Hit> hits) {
      float min = Float.POSITIVE_INFINITY;
      float max = Float.NEGATIVE_INFINITY;
      for (Hit h : hits) {
        min = Math.min(min, h.score());
        max = Math.max(max, h.score());
      }
      return new Range(min, max);
    }

    // A leg whose candidates all score the same gives each of them full marks.
    float normalize(float score) {
      return max > min ? (score - min) / (max - min) : 1f;
    }
  }

  @Override
  public String toString() {
    return "weighted(dense=" + denseWeight + ")";
  }
}
