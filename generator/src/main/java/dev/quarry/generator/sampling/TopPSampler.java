package dev.quarry.generator.sampling;

import java.util.Arrays;
import java.util.Random;

/**
 * Temperature, then top-k, then top-p (nucleus) sampling, in the order Hugging Face's logits
 * warpers apply them, drawn from a seeded {@link Random} so a run is reproducible.
 */
public final class TopPSampler implements Sampler {

  private final float temperature;
  private final int topK;
  private final float topP;
  private final Random random;

  /**
   * @param temperature divides the logits; must be &gt; 0
   * @param topK keep only the k most likely tokens; 0 for all
   * @param topP keep the smallest set whose probability reaches p; in (0, 1]
   * @param seed seeds the draws
   * @throws IllegalArgumentException if a parameter is out of range
   */
  public TopPSampler(float temperature, int topK, float topP, long seed) {
    if (!(temperature > 0)) {
      throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
    }
    if (topK < 0) {
      throw new IllegalArgumentException("topK must be >= 0, got " + topK);
    }
    if (!(topP > 0 && topP <= 1)) {
      throw new IllegalArgumentException("topP must be in (0, 1], got " + topP);
    }
    this.temperature = temperature;
    this.topK = topK;
    this.topP = topP;
    this.random = new Random(seed);
  }

  @Override
  public int sample(float[] logits) {
    Integer[] order = new Integer[logits.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    // Stable sort: equal logits keep id order, so draws do not depend on sort internals.
    Arrays.sort(order, (a, b) -> Float.compare(logits[b], logits[a]));
    int keep = topK == 0 ? order.length : Math.min(topK, order.length);
    double max = logits[order[0]] / temperature;
    double[] probs = new double[keep];
    double total = 0;
    for (int i = 0; i < keep; i++) {
      probs[i] = Math.exp(logits[order[i]] / temperature - max);
      total += probs[i];
    }
    double cumulative = 0;
    int nucleus = keep;
    for (int i = 0; i < keep; i++) {
      cumulative += probs[i] / total;
      if (cumulative >= topP) {
        nucleus = i + 1;
        break;
      }
    }
    double mass = 0;
    for (int i = 0; i < nucleus; i++) {
      mass += probs[i];
    }
    double draw = random.nextDouble() * mass;
    for (int i = 0; i < nucleus; i++) {
      draw -= probs[i];
      if (draw <= 0) {
        return order[i];
      }
    }
    return order[nucleus - 1];
  }
}
