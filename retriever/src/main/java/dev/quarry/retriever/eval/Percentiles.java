package dev.quarry.retriever.eval;

import java.util.Arrays;

/** Nearest-rank percentiles of a sample. */
final class Percentiles {

  private final long[] sorted;

  Percentiles(long[] sample) {
    if (sample.length == 0) {
      throw new IllegalArgumentException("empty sample");
    }
    this.sorted = sample.clone();
    Arrays.sort(sorted);
  }

  /** The smallest value with at least p percent of the sample at or below it. */
  long at(double p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }
}
