package dev.quarry.retriever.embed;

import java.util.List;

/**
 * Turns text into unit-length vectors. Passages and queries are embedded differently where the
 * model asks for it (bge adds an instruction in front of queries). Implementations are thread-safe
 * and hold native resources until {@link #close()}.
 */
public interface Embedder extends TokenCounter, AutoCloseable {

  /** The model, its dimension and window; recorded in every index this embedder builds. */
  EmbeddingModelInfo info();

  /**
   * Embeds passages in input order. Text beyond the model's window is cut (chunkers keep chunks
   * inside it, see {@link #maxContentTokens()}).
   *
   * @throws IllegalArgumentException if a text is blank
   */
  List<float[]> embedPassages(List<String> texts);

  /**
   * Embeds a search query, with the model's query instruction when it has one.
   *
   * @throws IllegalArgumentException if the query is blank
   */
  QueryEmbedding embedQuery(String query);

  @Override
  void close();
}
