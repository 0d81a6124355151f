package dev.quarry.ingestion;

/**
 * The file itself is at fault: damaged or not what it claims to be, empty, encrypted, over a size
 * limit, a suspected zip bomb, without text, missing a part, too slow to parse or OCR. The same
 * bytes fail the same way, so it is never retried; the message says what to change.
 */
public class BadDocumentException extends IngestionException {

  public BadDocumentException(String fileName, String message) {
    super(fileName, message);
  }

  public BadDocumentException(String fileName, String message, Throwable cause) {
    super(fileName, message, cause);
  }
}
