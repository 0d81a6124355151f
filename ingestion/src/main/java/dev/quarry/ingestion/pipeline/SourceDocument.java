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
 */
public record SourceDocument(String documentId, String name, Path file, byte[] content) {

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

  public static SourceDocument ofFile(String documentId, Path file) {
    Path name = file.getFileName();
    return new SourceDocument(documentId, name == null ? "" : name.toString(), file, null);
  }

  public static SourceDocument ofBytes(String documentId, String name, byte[] content) {
    return new SourceDocument(documentId, name, null, content);
  }

  /** Where the document comes from, for messages: the file path, or the name. */
  public String origin() {
    return file == null ? name : file.toString();
  }
}
