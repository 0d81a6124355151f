package dev.quarry.retriever;

import java.nio.file.Path;

/**
 * The index cannot be read or written now: an I/O failure, a full or read-only disk, a lock held by
 * another process. Retryable: the same work may succeed once the cause is gone.
 */
public final class IndexUnavailableException extends RetrieverException {

  public IndexUnavailableException(String message, Path indexDirectory) {
    super(message, indexDirectory);
  }

  public IndexUnavailableException(String message, Path indexDirectory, Throwable cause) {
    super(message, indexDirectory, cause);
  }

  @Override
  public boolean retryable() {
    return true;
  }
}
