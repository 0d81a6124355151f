package dev.quarry.generator.grounding;

/**
 * How well one text backs another, in [0, 1]: {@code w · similarity + (1 − w) · overlap}, where
 * similarity is the cosine of their sentence embeddings (clamped at 0) and overlap the share of
 * content words found. The grounding check, the evidence scorer and so the answerability decision
 * and the extractive composer all use this one blend.
 *
 * @param similarityWeight {@code w}, in [0, 1]
 */
public record SupportScore(double similarityWeight) {

  /** Weight of embedding similarity; lexical overlap gets the rest. */
  public static final double DEFAULT_SIMILARITY_WEIGHT = 0.5;

  public static final SupportScore DEFAULT = new SupportScore(DEFAULT_SIMILARITY_WEIGHT);

  /**
   * @throws IllegalArgumentException if the weight is outside [0, 1]
   */
  public SupportScore {
    if (!(similarityWeight >= 0 && similarityWeight <= 1)) {
      throw new IllegalArgumentException(
          "similarityWeight must be in [0, 1], got " + similarityWeight);
    }
  }

  public double score(double similarity, double overlap) {
    return similarityWeight * Math.max(0, similarity) + (1 - similarityWeight) * overlap;
  }
}
