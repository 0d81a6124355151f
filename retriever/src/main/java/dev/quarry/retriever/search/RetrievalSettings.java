package dev.quarry.retriever.search;

import dev.quarry.retriever.fusion.Fusion;
import dev.quarry.retriever.fusion.ReciprocalRankFusion;
import dev.quarry.retriever.fusion.WeightedScoreFusion;
import java.util.Objects;

/**
 * How {@link HybridRetriever} searches. One global set of defaults, chosen from the SciFact figures
 * in docs/benchmarks.md and never tuned per query or per dataset.
 *
 * @param candidates results taken from each leg before fusion (at least k); for the dense leg this
 *     is also the HNSW search width (Lucene's k, HNSW's ef), which sets its recall on large indexes
 * @param fusion how the legs are merged
 * @param mmrLambda relevance weight of MMR diversification, in [0, 1] (1 = no diversity)
 */
public record RetrievalSettings(int candidates, Fusion fusion, float mmrLambda) {

  /**
   * Enough for exact dense results up to a few hundred thousand chunks (recall@10 1.000 at 200k
   * vectors); a million chunks need 400 for recall@10 ≥ 0.95 (docs/benchmarks.md, "HNSW at scale").
   */
  public static final int DEFAULT_CANDIDATES = 100;

  /**
   * Weight of the dense leg in the default fusion: z-score normalised scores, equal weights
   * (SciFact: nDCG@10 0.738 at 0.5, within 0.003 from 0.45 to 0.6; docs/benchmarks.md).
   */
  public static final float DEFAULT_DENSE_WEIGHT = 0.5f;

  public static final WeightedScoreFusion.Normalization DEFAULT_NORMALIZATION =
      WeightedScoreFusion.Normalization.Z_SCORE;

  /** Equal weight to relevance and novelty, the usual MMR default (LangChain's too). */
  public static final float DEFAULT_MMR_LAMBDA = 0.5f;

  public RetrievalSettings {
    if (candidates < 1) {
      throw new IllegalArgumentException("candidates must be >= 1, got " + candidates);
    }
    Objects.requireNonNull(fusion, "fusion");
    if (!(mmrLambda >= 0 && mmrLambda <= 1)) {
      throw new IllegalArgumentException("mmrLambda must be in [0, 1], got " + mmrLambda);
    }
  }

  public static RetrievalSettings defaults() {
    return new RetrievalSettings(
        DEFAULT_CANDIDATES,
        new WeightedScoreFusion(DEFAULT_DENSE_WEIGHT, DEFAULT_NORMALIZATION),
        DEFAULT_MMR_LAMBDA);
  }

  /** The defaults with reciprocal rank fusion instead. */
  public static RetrievalSettings rrf() {
    return defaults().withFusion(new ReciprocalRankFusion());
  }

  public RetrievalSettings withFusion(Fusion newFusion) {
    return new RetrievalSettings(candidates, newFusion, mmrLambda);
  }

  public RetrievalSettings withCandidates(int n) {
    return new RetrievalSettings(n, fusion, mmrLambda);
  }
}
