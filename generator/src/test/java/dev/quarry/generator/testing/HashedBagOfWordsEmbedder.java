package dev.quarry.generator.testing;

import dev.quarry.generator.grounding.SentenceEmbedder;
import java.util.List;
import java.util.Locale;

/**
 * A real, deterministic sentence embedder for tests: lower-cased words hashed into a fixed number
 * of buckets, L2-normalised. Texts sharing words are similar; texts sharing none are orthogonal (up
 * to hash collisions).
 */
public final class HashedBagOfWordsEmbedder implements SentenceEmbedder {

  public static final int DIMENSION = 512;

  /**
   * The answerability threshold for this embedder: its cosines run lower than bge-small's (a
   * sentence sharing three of seven words scores about 0.45), so tests judge evidence against this
   * rather than the production default calibrated for bge-small.
   */
  public static final double MIN_EVIDENCE = 0.3;

  @Override
  public float[][] embed(List<String> texts) {
    float[][] out = new float[texts.size()][DIMENSION];
    for (int i = 0; i < texts.size(); i++) {
      for (String word : texts.get(i).toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
        if (word.length() > 2) {
          out[i][Math.floorMod(word.hashCode(), DIMENSION)] += 1;
        }
      }
      double norm = 0;
      for (float v : out[i]) {
        norm += v * v;
      }
      for (int j = 0; norm > 0 && j < DIMENSION; j++) {
        out[i][j] /= (float) Math.sqrt(norm);
      }
    }
    return out;
  }
}
