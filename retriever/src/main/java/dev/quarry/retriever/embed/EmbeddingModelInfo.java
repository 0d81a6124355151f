package dev.quarry.retriever.embed;

import java.util.Objects;

/**
 * What identifies an embedding model for an index: vectors from two models with different infos
 * must never meet in one index.
 *
 * @param name stable model name, e.g. {@code bge-small-en-v1.5-q}
 * @param dimension length of every vector the model produces
 * @param maxTokens the model's window in tokens, special tokens included
 */
public record EmbeddingModelInfo(String name, int dimension, int maxTokens) {
  public EmbeddingModelInfo {
    Objects.requireNonNull(name, "name");
    if (dimension < 1) {
      throw new IllegalArgumentException("dimension must be >= 1, got " + dimension);
    }
    if (maxTokens < 3) {
      throw new IllegalArgumentException("maxTokens must be >= 3, got " + maxTokens);
    }
  }
}
