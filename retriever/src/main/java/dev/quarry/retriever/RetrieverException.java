package dev.quarry.retriever;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The retriever module's failures. Callers decide by the subclass, never by the message:
 *
 * <ul>
 *   <li>{@link InvalidSearchException}: the request is wrong (an unknown filter field, a filter
 *       without values); asking again will not help;
 *   <li>{@link IndexNotFoundException}: no index for that knowledge base;
 *   <li>{@link IndexMismatchException}: the index was built with another embedding model,
 *       dimension, analyser or vector format, or not by Quarry;
 *   <li>{@link IndexDamagedException}: the index's files are damaged; delete and re-index;
 *   <li>{@link IndexUnavailableException}: the index cannot be read or written now (I/O, a lock);
 *       retryable;
 *   <li>{@link EmbeddingModelException}: the embedding model failed to load or run; retryable.
 * </ul>
 *
 * The base class itself is left for failures outside a knowledge base (reading a BEIR dataset). The
 * message is written for the person who runs Quarry: it names what went wrong, where (the index
 * directory or knowledge base), and what to do about it.
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

  /** Whether the same work may succeed later, unchanged; decided by the type. */
  public boolean retryable() {
    return false;
  }

  /** The index directory the failure concerns, when there is one. */
  public Optional<Path> indexDirectory() {
    return Optional.ofNullable(indexDirectory);
  }
}
