package dev.quarry.ingestion.parse;

import dev.quarry.ingestion.BadDocumentException;

/**
 * Tesseract took longer than {@link OcrSettings#pageTimeout()} on one image or PDF page and was
 * stopped. The same page takes as long again: raise the limit or split the file.
 */
public class OcrTimeoutException extends BadDocumentException {

  public OcrTimeoutException(String fileName, String message, Throwable cause) {
    super(fileName, message, cause);
  }
}
