package dev.quarry.retriever;

import java.nio.file.Path;

/**
 * The index was built with another embedding model, dimension, analyser or vector format, or not by
 * Quarry: re-index, or open it with its own settings. Not retryable.
 */
public final class IndexMismatchException extends RetrieverException {

  public IndexMismatchException(String message, Path indexDirectory) {
    super(message, indexDirectory);
  }

  public IndexMismatchException(String message, Path indexDirectory, Throwable cause) {
    super(message, indexDirectory, cause);
  }
}
