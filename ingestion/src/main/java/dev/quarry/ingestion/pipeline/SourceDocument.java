package dev.quarry.ingestion.pipeline;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One document to ingest: a file on disk, or bytes already in memory (an upload, a benchmark).
 *
 * @param documentId stable id in the knowledge base; a new version replaces the old one under it
 * @param name file name, for type refinement and messages
 * @param file the file to read, or {@code null} for in-memory content
 * @param content the bytes, or {@code null} for a file (read only after its size was checked)
 * @param rereadFrom where the document can be read again later (an absolute path the index records
 *     as {@link IngestionPipeline#PATH}, so that a re-index without a server finds files the run
 *     was not given), or {@code null} when only the caller knows (a server's stored upload)
 * @param mediaType the media type Tika already detected from these bytes and this name (the server
 *     detects it when it accepts an upload), or {@code null} to detect it while parsing
 */
public record SourceDocument(
    String documentId, String name, Path file, byte[] content, Path rereadFrom, String mediaType) {

  public SourceDocument {
    Objects.requireNonNull(documentId, "documentId");
    if (documentId.isBlank()) {
      throw new IllegalArgumentException("documentId must not be blank");
    }
    Objects.requireNonNull(name, "name");
    if ((file == null) == (content == null)) {
      throw new IllegalArgumentException("exactly one of file and content must be given");
    }
  }

  /** A document that is not recorded as re-readable, its type detected while parsing. */
  public SourceDocument(String documentId, String name, Path file, byte[] content) {
    this(documentId, name, file, content, null, null);
  }

  /** The same document, whose media type is known: parsing does not detect it again. */
  public SourceDocument withMediaType(String detected) {
    return new SourceDocument(documentId, name, file, content, rereadFrom, detected);
  }

  public static SourceDocument ofFile(String documentId, Path file) {
    return new SourceDocument(documentId, fileName(file), file, null);
  }

  /**
   * A file of the user's own that stays where it is ({@code ./quarry ingest}): the index records
   * its absolute path, so that a later re-index can read it again.
   */
  public static SourceDocument ofLocalFile(String documentId, Path file) {
    Path absolute = file.toAbsolutePath().normalize();
    return new SourceDocument(documentId, fileName(file), file, null, absolute, null);
  }

  public static SourceDocument ofBytes(String documentId, String name, byte[] content) {
    return new SourceDocument(documentId, name, null, content);
  }

  /** Where the document comes from, for messages: the file path, or the name. */
  public String origin() {
    return file == null ? name : file.toString();
  }

  private static String fileName(Path file) {
    Path name = file.getFileName();
    return name == null ? "" : name.toString();
  }
}
