package dev.quarry.ingestion.parse;

import dev.quarry.ingestion.BadDocumentException;

/**
 * The file refers to a part of itself that it does not contain, such as an EPUB whose reading order
 * (spine) lists a chapter missing from the archive. The file is incomplete: another attempt fails
 * the same way, and the message names the missing part.
 */
public class MissingPartException extends BadDocumentException {

  public MissingPartException(String fileName, String message) {
    super(fileName, message);
  }
}
