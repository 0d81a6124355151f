package dev.quarry.generator.sampling;

/** Greedy choice; exposed as {@link Sampler#ARGMAX}. */
final class ArgmaxSampler {

  private ArgmaxSampler() {}

  static int argmax(float[] logits) {
    int best = 0;
    for (int i = 1; i < logits.length; i++) {
      if (logits[i] > logits[best]) {
        best = i;
      }
    }
    return best;
  }
}
