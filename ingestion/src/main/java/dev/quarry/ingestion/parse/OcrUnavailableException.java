package dev.quarry.ingestion.parse;

import dev.quarry.ingestion.IngestionException;

/**
 * The file needs OCR (an image, or a PDF without a text layer) and OCR cannot run here: it is
 * switched off, Tesseract is not installed, or a configured language pack is missing. Another
 * attempt fails the same way until the installation or the settings change; the message says which.
 */
public class OcrUnavailableException extends IngestionException {

  public OcrUnavailableException(String fileName, String message) {
    super(fileName, message);
  }
}
