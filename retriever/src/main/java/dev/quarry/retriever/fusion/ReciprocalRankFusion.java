package dev.quarry.retriever.fusion;

import java.util.ArrayList;
import java.util.List;

/**
 * Reciprocal rank fusion (Cormack et al., 2009): {@code score = Σ 1 / (k + rank)} over the legs
 * that returned the document. Needs no score calibration, and uses ranks only, so it ignores the
 * depth: a leg's lone hit counts as any other first place.
 */
public final class ReciprocalRankFusion implements Fusion {

  /** The constant of the original paper. */
  public static final int DEFAULT_K = 60;

  private final int k;

  public ReciprocalRankFusion() {
    this(DEFAULT_K);
  }

  /**
   * @throws IllegalArgumentException if {@code k < 1}
   */
  public ReciprocalRankFusion(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1, got " + k);
    }
    this.k = k;
  }

  @Override
  public List<FusedHit> fuse(List<Hit> bm25, List<Hit> dense, int depth) {
    FusionTable.requireDepth(depth);
    List<FusedHit> out = new ArrayList<>();
    for (FusionTable.Row r : FusionTable.rows(bm25, dense)) {
      double score = 0;
      if (r.bm25Rank() > 0) {
        score += 1.0 / (k + r.bm25Rank());
      }
      if (r.denseRank() > 0) {
        score += 1.0 / (k + r.denseRank());
      }
      out.add(
          new FusedHit(r.doc(), (float) score, r.bm25(), r.bm25Rank(), r.dense(), r.denseRank()));
    }
    return FusionTable.sorted(out);
  }

  @Override
  public String toString() {
    return "rrf(k=" + k + ")";
  }
}
