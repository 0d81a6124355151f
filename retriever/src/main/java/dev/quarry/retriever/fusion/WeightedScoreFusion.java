package dev.quarry.retriever.fusion;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Convex combination of normalised scores: {@code score = w · dense' + (1 − w) · bm25'}, where each
 * leg's scores are put on a common scale ({@link Normalization}) over that leg's crowd of
 * candidates.
 *
 * <p>What a leg knows about a document it did not return decides both that document's score and the
 * crowd:
 *
 * <ul>
 *   <li><b>A cut leg</b> (it returned {@code depth} hits, as the BM25 leg of most natural-language
 *       queries and the dense leg of any index of {@code depth} chunks or more do): the document
 *       scores at most the leg's weakest hit, and gets that score. The crowd is the leg's own hits.
 *   <li><b>A complete leg</b> (it returned fewer than {@code depth} hits): it returned every
 *       document it matches, so the document scores 0 there — for BM25, it holds none of the
 *       query's terms. The crowd is every fused candidate, each with its score in this leg, 0 for
 *       those it did not return.
 * </ul>
 *
 * <p>Why: people search for error codes, part numbers, ticket ids and names, and such a query often
 * matches one passage lexically and no other. Normalised over its own hits only, a one-hit BM25 leg
 * has no spread, so the one decisive match scored 0 like every document it did not find, and
 * whatever the dense leg found semantically near won (issue 14 item 10: with 240 abstracts, 0 or 1
 * of 40 reference codes came first). Normalised over all n candidates with the unmatched ones at 0,
 * a lone match stands √(n − 1) standard deviations out (about 10 for 100 candidates; each unmatched
 * candidate gets −1/√(n − 1)), far more than a dense leg's best usually stands out of its own
 * crowd. A leg that was not run, or found nothing, is complete and gives every candidate 0 alike,
 * so it changes no order. Queries whose two legs are both cut fuse exactly as a plain per-leg
 * normalisation would.
 */
public final class WeightedScoreFusion implements Fusion {

  /** How one leg's scores are put on a common scale. */
  public enum Normalization {
    /** (s − min) / (max − min): the crowd's best gets 1, its weakest 0. */
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
  public List<FusedHit> fuse(List<Hit> bm25, List<Hit> dense, int depth) {
    FusionTable.requireDepth(depth);
    List<FusionTable.Row> rows = FusionTable.rows(bm25, dense);
    Scale b = Scale.of(bm25, depth, rows, FusionTable.Row::bm25, normalization);
    Scale d = Scale.of(dense, depth, rows, FusionTable.Row::dense, normalization);
    List<FusedHit> out = new ArrayList<>(rows.size());
    for (FusionTable.Row r : rows) {
      double score = denseWeight * d.apply(r.dense()) + (1 - denseWeight) * b.apply(r.bm25());
      out.add(
          new FusedHit(r.doc(), (float) score, r.bm25(), r.bm25Rank(), r.dense(), r.denseRank()));
    }
    return FusionTable.sorted(out);
  }

  /**
   * An affine map of one leg's scores, {@code (s − shift) / spread}, and the raw score of a
   * document the leg did not return.
   */
  private record Scale(double shift, double spread, double missing) {

    static Scale of(
        List<Hit> hits,
        int depth,
        List<FusionTable.Row> rows,
        Function<FusionTable.Row, Hit> leg,
        Normalization normalization) {
      boolean complete = hits.size() < depth;
      double[] crowd;
      double missing;
      if (complete) {
        crowd = new double[rows.size()];
        for (int i = 0; i < crowd.length; i++) {
          Hit h = leg.apply(rows.get(i));
          crowd[i] = h == null ? 0 : h.score();
        }
        missing = 0;
      } else {
        crowd = new double[hits.size()];
        missing = Double.POSITIVE_INFINITY;
        for (int i = 0; i < crowd.length; i++) {
          crowd[i] = hits.get(i).score();
          missing = Math.min(missing, crowd[i]); // the weakest hit
        }
      }
      return fit(crowd, missing, normalization);
    }

    private static Scale fit(double[] crowd, double missing, Normalization normalization) {
      if (crowd.length == 0) {
        return new Scale(0, 1, 0);
      }
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      double sum = 0;
      for (double s : crowd) {
        min = Math.min(min, s);
        max = Math.max(max, s);
        sum += s;
      }
      double shift;
      double spread;
      if (normalization == Normalization.MIN_MAX) {
        shift = min;
        spread = max - min;
      } else {
        shift = sum / crowd.length;
        double squares = 0;
        for (double s : crowd) {
          squares += (s - shift) * (s - shift);
        }
        spread = Math.sqrt(squares / crowd.length);
      }
      // A crowd that all scores the same ranks none above another: everyone maps to 0.
      if (!(spread > 1e-12)) {
        return new Scale(min, 1, min);
      }
      return new Scale(shift, spread, missing);
    }

    double apply(Hit hit) {
      return ((hit == null ? missing : hit.score()) - shift) / spread;
    }
  }

  @Override
  public String toString() {
    return "weighted(dense=" + denseWeight + ", " + normalization.name().toLowerCase() + ")";
  }
}
