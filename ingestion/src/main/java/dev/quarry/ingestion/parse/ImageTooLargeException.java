package dev.quarry.ingestion.parse;

import dev.quarry.ingestion.BadDocumentException;

/**
 * An image, or a PDF page to be OCR'd, has more pixels than {@link OcrSettings#maxImagePixels()}.
 * Found from the header before anything is decoded, so a tiny file that declares a huge image costs
 * no memory. Another attempt fails the same way.
 */
public class ImageTooLargeException extends BadDocumentException {

  private final long pixels;

  public ImageTooLargeException(String fileName, String message, long pixels) {
    super(fileName, message);
    this.pixels = pixels;
  }

  /** The pixels (width × height) the image or page declares. */
  public long pixels() {
    return pixels;
  }
}
