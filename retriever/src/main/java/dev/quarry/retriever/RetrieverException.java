package dev.quarry.retriever;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The one exception type of the retriever module. Its message is written for the person who runs
 * Quarry: it names what went wrong, where (the index directory or knowledge base), and what to do
 * about it.
 */
public class RetrieverException extends RuntimeException {

  private final Path indexDirectory;

  public RetrieverException(String message) {
    this(message, null, null);
  }

  public RetrieverException(String message, Path indexDirectory) {
    this(message, indexDirectory, null);
  }

  public RetrieverException(String message, Path indexDirectory, Throwable cause) {
    super(message, cause);
    this.indexDirectory = indexDirectory;
  }

  /** The index directory the failure concerns, when there is one. */
  public Optional<Path> indexDirectory() {
    return Optional.ofNullable(indexDirectory);
  }
}
