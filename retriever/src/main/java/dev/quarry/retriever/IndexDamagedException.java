package dev.quarry.retriever;

import java.nio.file.Path;

/**
 * The index's files are damaged or of a format this Lucene cannot read: only deleting the directory
 * and re-indexing the knowledge base helps. Not retryable.
 */
public final class IndexDamagedException extends RetrieverException {

  public IndexDamagedException(String message, Path indexDirectory, Throwable cause) {
    super(message, indexDirectory, cause);
  }
}
