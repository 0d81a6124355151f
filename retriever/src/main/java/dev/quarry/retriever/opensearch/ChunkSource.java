package dev.quarry.retriever.opensearch;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.quarry.retriever.index.Chunk;
import dev.quarry.retriever.index.StoredChunk;
import java.util.List;
import java.util.Map;

/**
 * One chunk as an OpenSearch document ({@code _source}): the fields {@link ChunkMapping} declares.
 * {@code contents} (title, headings and text, analysed for BM25) and {@code vector} are written but
 * not read back with a passage.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
record ChunkSource(
    @JsonProperty("chunk_id") String chunkId,
    @JsonProperty("document_id") String documentId,
    long version,
    int ordinal,
    String title,
    List<String> headings,
    String text,
    String contents,
    int start,
    int end,
    Integer page,
    Map<String, String> meta,
    float[] vector) {

  static String chunkId(String documentId, long version, int ordinal) {
    return documentId + ":" + version + ":" + ordinal;
  }

  /**
   * The document and version a chunk id names, read back from {@link #chunkId} (from the right, so
   * a document id may hold ':'): a search then needs only the chunk id of each hit.
   *
   * @throws IllegalArgumentException if {@code chunkId} is not of the form {@link #chunkId} makes
   */
  static NewestVersions.Version versionOf(String chunkId) {
    int ordinal = chunkId.lastIndexOf(':');
    int version = ordinal < 1 ? -1 : chunkId.lastIndexOf(':', ordinal - 1);
    if (version < 1) {
      throw new IllegalArgumentException("not a chunk id: " + chunkId);
    }
    try {
      return new NewestVersions.Version(
          chunkId.substring(0, version), Long.parseLong(chunkId.substring(version + 1, ordinal)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a chunk id: " + chunkId, e);
    }
  }

  static ChunkSource of(String documentId, long version, Chunk chunk, float[] vector) {
    return new ChunkSource(
        chunkId(documentId, version, chunk.ordinal()),
        documentId,
        version,
        chunk.ordinal(),
        chunk.title(),
        chunk.headingPath(),
        chunk.text(),
        chunk.contextualText(),
        chunk.start(),
        chunk.end(),
        chunk.page(),
        chunk.metadata(),
        vector);
  }

  ChunkSource withVector(float[] newVector) {
    return new ChunkSource(
        chunkId,
        documentId,
        version,
        ordinal,
        title,
        headings,
        text,
        contents,
        start,
        end,
        page,
        meta,
        newVector);
  }

  StoredChunk stored() {
    return new StoredChunk(
        chunkId,
        documentId,
        version,
        ordinal,
        title,
        headings == null ? List.of() : headings,
        text,
        start,
        end,
        page,
        meta == null ? Map.of() : meta);
  }
}
