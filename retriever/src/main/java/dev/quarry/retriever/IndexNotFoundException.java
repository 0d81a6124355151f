package dev.quarry.retriever;

import java.nio.file.Path;

/** No index exists for the knowledge base asked for. Not retryable. */
public final class IndexNotFoundException extends RetrieverException {

  public IndexNotFoundException(String message, Path indexDirectory) {
    super(message, indexDirectory);
  }

  public IndexNotFoundException(String message, Path indexDirectory, Throwable cause) {
    super(message, indexDirectory, cause);
  }
}
