package dev.quarry.retriever;

import java.nio.file.Path;

/**
 * The index was closed under a search that had already picked it: a re-index swapped in another
 * generation, or the knowledge base was deleted. Retryable: asking the server for the knowledge
 * base's index again gives the one now in use.
 */
public final class IndexClosedException extends RetrieverException {

  public IndexClosedException(String message, Path indexDirectory, Throwable cause) {
    super(message, indexDirectory, cause);
  }

  @Override
  public boolean retryable() {
    return true;
  }
}
