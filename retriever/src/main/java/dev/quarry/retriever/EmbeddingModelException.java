package dev.quarry.retriever;

import java.nio.file.Path;

/**
 * The embedding model failed to load, run or close. Retryable: a model that failed under memory
 * pressure may run later.
 */
public final class EmbeddingModelException extends RetrieverException {

  public EmbeddingModelException(String message, Path indexDirectory) {
    super(message, indexDirectory);
  }

  public EmbeddingModelException(String message, Path indexDirectory, Throwable cause) {
    super(message, indexDirectory, cause);
  }

  @Override
  public boolean retryable() {
    return true;
  }
}
