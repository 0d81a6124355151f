package dev.quarry.ingestion.sync;

import dev.quarry.ingestion.IngestionException;

/**
 * The folder to sync cannot be listed at all: it does not exist, is not a folder, or cannot be
 * read. Nothing is planned from such a scan, so nothing is deleted because of it.
 */
public final class SyncFolderException extends IngestionException {

  public SyncFolderException(String folder, String message) {
    super(folder, message);
  }

  public SyncFolderException(String folder, String message, Throwable cause) {
    super(folder, message, cause);
  }
}
