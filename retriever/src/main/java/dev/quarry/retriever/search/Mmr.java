package dev.quarry.retriever.search;

import java.util.ArrayList;
import java.util.List;

/**
 * Maximal marginal relevance (Carbonell and Goldstein, 1998): picks, one at a time, the candidate
 * that maximises {@code λ · relevance − (1 − λ) · max similarity to those already picked}, so
 * near-duplicate passages do not crowd out the rest.
 */
final class Mmr {

  private Mmr() {}

  /**
   * @param relevance relevance of each candidate, higher is better (any scale; min-max scaled)
   * @param vectors unit vectors of the candidates, same order
   * @param k how many to pick
   * @param lambda relevance weight in [0, 1]
   * @return indexes into the candidate list, in pick order
   */
  static List<Integer> select(float[] relevance, float[][] vectors, int k, float lambda) {
    int n = relevance.length;
    float min = Float.POSITIVE_INFINITY;
    float max = Float.NEGATIVE_INFINITY;
    for (float r : relevance) {
      min = Math.min(min, r);
      max = Math.max(max, r);
    }
    float span = max > min ? max - min : 1f;
    float[] maxSimilarity = new float[n];
    java.util.Arrays.fill(maxSimilarity, Float.NEGATIVE_INFINITY);
    boolean[] picked = new boolean[n];
    List<Integer> order = new ArrayList<>(Math.min(k, n));
    while (order.size() < Math.min(k, n)) {
      int best = -1;
      float bestScore = Float.NEGATIVE_INFINITY;
      for (int i = 0; i < n; i++) {
        if (picked[i]) {
          continue;
        }
        float redundancy = order.isEmpty() ? 0 : maxSimilarity[i];
        float score = lambda * (relevance[i] - min) / span - (1 - lambda) * redundancy;
        if (score > bestScore) {
          bestScore = score;
          best = i;
        }
      }
      picked[best] = true;
      order.add(best);
      for (int i = 0; i < n; i++) {
        if (!picked[i]) {
          maxSimilarity[i] = Math.max(maxSimilarity[i], dot(vectors[i], vectors[best]));
        }
      }
    }
    return order;
  }

  private static float dot(float[] a, float[] b) {
    float sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }
}
