package dev.quarry.ingestion;

import java.io.IOException;

/**
 * The stored file could not be read: an I/O error of the disk or the file system, not of the file's
 * content. The next attempt may succeed, so it is retryable.
 */
public final class SourceUnreadableException extends IngestionException {

  public SourceUnreadableException(String fileName, String message, IOException cause) {
    super(fileName, message, cause);
  }

  @Override
  public boolean retryable() {
    return true;
  }
}
