package dev.quarry.ingestion;

import java.util.Objects;

/**
 * The one exception type of the ingestion module. Its message is written for the person who added
 * the file: it says what is wrong with the file and, where there is one, what to do about it. It
 * names the file (and the document id when there is one) so a batch report can list it.
 */
public class IngestionException extends RuntimeException {

  private final String fileName;

  public IngestionException(String fileName, String message) {
    this(fileName, message, null);
  }

  public IngestionException(String fileName, String message, Throwable cause) {
    super(message, cause);
    this.fileName = Objects.requireNonNullElse(fileName, "");
  }

  /** The file (or, for in-memory documents, the document id) the failure concerns. */
  public String fileName() {
    return fileName;
  }

  /** The reason without the file name, for a per-file report. */
  public String reason() {
    return getMessage();
  }
}
