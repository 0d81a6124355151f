package dev.quarry.retriever.fusion;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Convex combination of normalised scores: {@code score = w · dense' + (1 − w) · bm25'}. Each leg's
 * scores are normalised over that leg's own candidates ({@link Normalization}); a leg that did not
 * return a document gives it the normalised score of its weakest candidate, since its true score is
 * at most that.
 */
public final class WeightedScoreFusion implements Fusion {

  /** How one leg's scores are put on a common scale. */
  public enum Normalization {
    /** (s − min) / (max − min): the leg's best candidate gets 1, its weakest 0. */
    MIN_MAX,
    /** (s − mean) / standard deviation: how far a candidate stands out from the leg's crowd. */
    Z_SCORE
  }

  private final float denseWeight;
  private final Normalization normalization;

  /**
   * @param denseWeight weight of the dense leg, in [0, 1]
   * @param normalization how each leg's scores are scaled before combining
   * @throws IllegalArgumentException if the weight is outside [0, 1]
   */
  public WeightedScoreFusion(float denseWeight, Normalization normalization) {
    if (!(denseWeight >= 0 && denseWeight <= 1)) {
      throw new IllegalArgumentException("denseWeight must be in [0, 1], got " + denseWeight);
    }
    this.denseWeight = denseWeight;
    this.normalization = Objects.requireNonNull(normalization, "normalization");
  }

  /** Min-max normalisation. */
  public WeightedScoreFusion(float denseWeight) {
    this(denseWeight, Normalization.MIN_MAX);
  }

  @Override
  public List<FusedHit> fuse(List<Hit> bm25, List<Hit> dense) {
    Scale b = Scale.of(bm25, normalization);
    Scale d = Scale.of(dense, normalization);
    List<FusedHit> out = new ArrayList<>();
    for (FusionTable.Row r : FusionTable.rows(bm25, dense)) {
      double score =
          denseWeight * (r.dense() == null ? d.floor() : d.apply(r.dense().score()))
              + (1 - denseWeight) * (r.bm25() == null ? b.floor() : b.apply(r.bm25().score()));
      out.add(
          new FusedHit(r.doc(), (float) score, r.bm25(), r.bm25Rank(), r.dense(), r.denseRank()));
    }
    return FusionTable.sorted(out);
  }

  /** An affine map of one leg's scores: {@code (s − shift) / spread}. */
  private record Scale(double shift, double spread, double floor) {

    static Scale of(List<Hit> hits, Normalization normalization) {
      if (hits.isEmpty()) {
        return new Scale(0, 1, 0);
      }
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      double sum = 0;
      for (Hit h : hits) {
        min = Math.min(min, h.score());
        max = Math.max(max, h.score());
        sum += h.score();
      }
      double shift;
      double spread;
      if (normalization == Normalization.MIN_MAX) {
        shift = min;
        spread = max - min;
      } else {
        shift = sum / hits.size();
        double squares = 0;
        for (Hit h : hits) {
          squares += (h.score() - shift) * (h.score() - shift);
        }
        spread = Math.sqrt(squares / hits.size());
      }
      // A leg whose candidates all score the same ranks none above another.
      if (!(spread > 1e-12)) {
        return new Scale(min, 1, 0);
      }
      return new Scale(shift, spread, (min - shift) / spread);
    }

    double apply(float score) {
      return (score - shift) / spread;
    }
  }

  @Override
  public String toString() {
    return "weighted(dense=" + denseWeight + ", " + normalization.name().toLowerCase() + ")";
  }
}
