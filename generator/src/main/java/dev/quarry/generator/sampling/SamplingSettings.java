package dev.quarry.generator.sampling;

/**
 * How to choose each token. Temperature 0 means greedy; then top-k, top-p and the seed are unused.
 *
 * @param temperature 0 for greedy, else &gt; 0
 * @param topK 0 for no limit
 * @param topP in (0, 1]; 1 for no limit
 * @param repetitionPenalty 1 for none
 * @param seed seeds the random draws
 */
public record SamplingSettings(
    float temperature, int topK, float topP, float repetitionPenalty, long seed) {

  /** Greedy decoding, no penalty: reproducible and what the tests compare with PyTorch. */
  public static final SamplingSettings GREEDY = new SamplingSettings(0f, 0, 1f, 1f, 0L);

  public SamplingSettings {
    if (temperature < 0) {
      throw new IllegalArgumentException("temperature must be >= 0, got " + temperature);
    }
    if (temperature > 0) {
      new TopPSampler(temperature, topK, topP, seed); // validates the ranges once, here
    }
    new RepetitionPenalty(repetitionPenalty);
  }

  /** A fresh sampler for one sequence (stochastic samplers carry their own seeded state). */
  public Sampler newSampler() {
    return temperature == 0 ? Sampler.ARGMAX : new TopPSampler(temperature, topK, topP, seed);
  }

  public RepetitionPenalty penalty() {
    return new RepetitionPenalty(repetitionPenalty);
  }
}
