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

  /**
   * The question as a search query, for ranking source sentences as answers to it. A retrieval
   * model such as bge embeds a query with its query instruction, which matches a question with the
   * passage that answers it better than plain sentence similarity does; this default embeds the
   * question as plain text.
   *
   * @return an L2-normalised vector of the same dimension as {@link #embed}'s
   */
  default float[] embedQuery(String question) {
    return embed(List.of(question))[0];
  }
}
