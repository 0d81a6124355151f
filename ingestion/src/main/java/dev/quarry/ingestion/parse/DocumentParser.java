package dev.quarry.ingestion.parse;

/** Turns the bytes of one file into structured text. Implementations are thread-safe. */
public interface DocumentParser {

  /**
   * Parses {@code content}; the type is detected from the bytes ({@code name} only refines a
   * generic type, such as {@code .md} or {@code .csv} for plain text).
   *
   * @param content the file's bytes
   * @param name the file name, for type refinement and error messages
   * @return the document's structured text, with at least one block
   * @throws dev.quarry.ingestion.IngestionException if the file is empty, damaged, encrypted, over
   *     a limit of {@link ParseLimits}, or yields no text; the message says which
   */
  default ParsedDocument parse(byte[] content, String name) {
    return parse(content, name, null);
  }

  /**
   * Parses {@code content} whose media type is already known: Tika detected it from these bytes and
   * this name before (the server does so when it accepts an upload), so it is not detected again.
   *
   * @param mediaType the detected type, such as {@code text/markdown}; {@code null} detects it as
   *     {@link #parse(byte[], String)} does
   * @throws dev.quarry.ingestion.IngestionException as {@link #parse(byte[], String)} does
   */
  ParsedDocument parse(byte[] content, String name, String mediaType);
}
