package dev.quarry.retriever.index;

import java.util.List;
import java.util.Map;

/**
 * One chunk as the index stores it, read back for a passage.
 *
 * @param page the 1-based page, or null when the format has none
 * @param metadata the document's metadata, by key without a prefix
 */
public record StoredChunk(
    String chunkId,
    String documentId,
    long version,
    int ordinal,
    String title,
    List<String> headings,
    String text,
    int start,
    int end,
    Integer page,
    Map<String, String> metadata) {

  public StoredChunk {
    headings = List.copyOf(headings);
    metadata = Map.copyOf(metadata);
  }

  /** The chunk as it was written, to write it again elsewhere or embed it again. */
  public Chunk toChunk() {
    return new Chunk(ordinal, title, headings, text, start, end, page, metadata);
  }
}
