package dev.quarry.generator.sampling;

/**
 * Picks the next token from one row of logits. Implementations may overwrite {@code logits}; a
 * stochastic one owns a seeded random, so it is not thread-safe: one per generated sequence.
 */
public interface Sampler {

  /** Always the most likely token (ties go to the lowest id), as Hugging Face's greedy search. */
  Sampler ARGMAX = ArgmaxSampler::argmax;

  /**
   * @param logits unnormalised scores, one per vocabulary entry
   * @return the chosen token id
   */
  int sample(float[] logits);
}
