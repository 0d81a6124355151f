package dev.quarry.generator.grounding;

import java.util.List;

/**
 * Sentence embeddings for the grounding check and the extractive composer; the api wires it to the
 * retriever's embedding model, so the generator needs no model of its own for it.
 */
@FunctionalInterface
public interface SentenceEmbedder {

  /**
   * @return one L2-normalised vector per text, same order, all of one dimension
   */
  float[][] embed(List<String> texts);
}
