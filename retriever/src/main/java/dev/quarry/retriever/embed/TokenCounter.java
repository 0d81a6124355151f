package dev.quarry.retriever.embed;

/**
 * Counts tokens the way the embedding model will see them, so a chunker can keep every chunk inside
 * the model's window. Thread-safe.
 */
public interface TokenCounter {

  /** Tokens of {@code text} without special tokens and without truncation. */
  int countTokens(String text);

  /** How many content tokens fit in one model input (the window minus special tokens). */
  int maxContentTokens();
}
