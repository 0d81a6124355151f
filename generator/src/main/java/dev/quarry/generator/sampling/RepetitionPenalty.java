package dev.quarry.generator.sampling;

/**
 * The CTRL repetition penalty as Hugging Face applies it: a token already in the sequence has a
 * positive logit divided by the penalty and a negative one multiplied by it.
 *
 * @param penalty 1 for none; &gt; 1 discourages repeats
 */
public record RepetitionPenalty(float penalty) {

  public static final RepetitionPenalty NONE = new RepetitionPenalty(1f);

  public RepetitionPenalty {
    if (!(penalty > 0)) {
      throw new IllegalArgumentException("penalty must be > 0, got " + penalty);
    }
  }

  /** Penalises, in place, every id in {@code seen[0..count)} (prompt and generated tokens). */
  public void apply(float[] logits, long[] seen, int count) {
    if (penalty == 1f) {
      return;
    }
    boolean[] done = new boolean[logits.length];
    for (int i = 0; i < count; i++) {
      int id = (int) seen[i];
      if (id >= 0 && id < logits.length && !done[id]) {
        done[id] = true;
        logits[id] = logits[id] > 0 ? logits[id] / penalty : logits[id] * penalty;
      }
    }
  }
}
