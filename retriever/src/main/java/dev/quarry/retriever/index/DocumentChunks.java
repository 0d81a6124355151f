package dev.quarry.retriever.index;

import java.util.List;
import java.util.Objects;

/**
 * All chunks of one version of one document: the unit that {@link KnowledgeIndex} replaces
 * atomically.
 *
 * @param documentId the catalogue's id of the document, stable across versions
 * @param version the version these chunks come from; higher is newer
 * @param chunks the chunks, ordinals 0..n-1 (may be empty: the document then has no passages)
 */
public record DocumentChunks(String documentId, long version, List<Chunk> chunks) {
  public DocumentChunks {
    Objects.requireNonNull(documentId, "documentId");
    if (documentId.isBlank()) {
      throw new IllegalArgumentException("documentId must not be blank");
    }
    chunks = List.copyOf(Objects.requireNonNull(chunks, "chunks"));
  }
}
