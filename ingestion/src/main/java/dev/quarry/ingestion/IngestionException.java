package dev.quarry.ingestion;

import java.util.Objects;

/**
 * The ingestion module's failures. Its message is written for the person who added the file: it
 * says what is wrong and, where there is one, what to do about it. It names the file (and the
 * document id when there is one) so a batch report can list it. Callers decide by the subclass,
 * never by the message:
 *
 * <ul>
 *   <li>{@link BadDocumentException}: the file itself is at fault (damaged, empty, encrypted, too
 *       large, a suspected zip bomb, no text, an EPUB part missing, too slow to parse or OCR); the
 *       same bytes fail the same way, so it is not retried;
 *   <li>{@link SourceUnreadableException}: the stored file could not be read (an I/O error of the
 *       disk, not of the file's content); retryable;
 *   <li>{@code parse.OcrUnavailableException}: the file needs OCR and OCR cannot run here; it fails
 *       the same way until the installation or the settings change.
 * </ul>
 *
 * The base class itself is for the rest: an interrupted run, a file that vanished, a command-line
 * path that does not exist. None of those is retried.
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

  /** Whether the same work may succeed later, unchanged; decided by the type. */
  public boolean retryable() {
    return false;
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
