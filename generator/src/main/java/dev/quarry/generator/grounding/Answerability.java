package dev.quarry.generator.grounding;

/**
 * Decides from the retrieved evidence whether the knowledge base answers a question, before any
 * answer is written: {@link Evidence#strength()} (the mean of the best passage's retrieval cosine
 * and the best sentence's embedding similarity to the question) must reach the threshold.
 *
 * <p>Word overlap is deliberately left out of this decision: SciFact's claims paraphrase their
 * evidence ("obesity" for "body-mass index"), and a shared common word ("page", "index") says
 * little about whether a question is covered; the embeddings separate both better. The threshold
 * was calibrated on answerable SciFact claims against off-topic questions asked of SciFact and of
 * Quarry's own documentation ({@code ./quarry bench-answers}; docs/benchmarks.md has the table). 0
 * turns declining off. Thread-safe; stateless.
 */
public final class Answerability {

  /** The default threshold on {@link Evidence#strength()}, from the calibration table. */
  public static final double DEFAULT_MIN_EVIDENCE = 0.65;

  private Answerability() {}

  /**
   * @param minEvidence the threshold, in [0, 1]
   * @throws IllegalArgumentException if the threshold is outside [0, 1]
   */
  public static Verdict judge(Evidence evidence, double minEvidence) {
    checkThreshold(minEvidence);
    double strength = evidence.strength();
    return new Verdict(strength >= minEvidence && !evidence.sentences().isEmpty(), strength);
  }

  /**
   * @throws IllegalArgumentException if the threshold is outside [0, 1]
   */
  public static void checkThreshold(double minEvidence) {
    if (!(minEvidence >= 0 && minEvidence <= 1)) {
      throw new IllegalArgumentException("minEvidence must be in [0, 1], got " + minEvidence);
    }
  }

  /**
   * @param answerable whether the evidence reaches the threshold
   * @param strength the evidence strength it was judged on, in [0, 1]
   */
  public record Verdict(boolean answerable, double strength) {}
}
