package dev.quarry.retriever;

import java.nio.file.Path;

/** The search request is wrong: an unknown filter field, a filter without values. Not retryable. */
public final class InvalidSearchException extends RetrieverException {

  public InvalidSearchException(String message, Path indexDirectory) {
    super(message, indexDirectory);
  }

  public InvalidSearchException(String message, Path indexDirectory, Throwable cause) {
    super(message, indexDirectory, cause);
  }
}
