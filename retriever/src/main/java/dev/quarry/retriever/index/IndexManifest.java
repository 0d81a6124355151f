package dev.quarry.retriever.index;

import dev.quarry.retriever.IndexMismatchException;
import dev.quarry.retriever.embed.EmbeddingModelInfo;
import java.nio.file.Path;
import java.util.Map;

/**
 * What an index was built with: embedding model and dimension, analyser, vector format. Every
 * {@link ChunkIndex} stores it with its chunks and checks it whenever it is opened; the embedded
 * index records it in the user data of every Lucene commit, so it changes atomically with the index
 * itself.
 */
public record IndexManifest(
    String model, int dimension, String analyzer, VectorFormat vectorFormat) {

  private static final String MODEL = "quarry.embedding.model";
  private static final String DIMENSION = "quarry.embedding.dimension";
  private static final String ANALYZER = "quarry.analyzer";
  private static final String VECTOR_FORMAT = "quarry.vector.format";

  public static IndexManifest of(EmbeddingModelInfo model, IndexSettings settings) {
    return new IndexManifest(
        model.name(), model.dimension(), settings.analyzer(), settings.vectorFormat());
  }

  /** The manifest as flat key-value pairs, as an index stores it. */
  public Map<String, String> toUserData() {
    return Map.of(
        MODEL,
        model,
        DIMENSION,
        Integer.toString(dimension),
        ANALYZER,
        analyzer,
        VECTOR_FORMAT,
        vectorFormat.name());
  }

  /**
   * Reads the manifest of an existing index.
   *
   * @throws IndexMismatchException if the commit has no Quarry manifest
   */
  static IndexManifest fromUserData(Map<String, String> data, Path directory) {
    if (!data.containsKey(MODEL)) {
      throw new IndexMismatchException(
          "The directory "
              + directory
              + " holds a Lucene index that Quarry did not build (no embedding model recorded)."
              + " Move it away or delete it, and re-index.",
          directory);
    }
    return fromUserData(data);
  }

  /**
   * Reads a manifest written by {@link #toUserData()}; null when {@code data} holds none.
   *
   * @throws IllegalArgumentException if it holds a damaged one
   */
  public static IndexManifest fromUserData(Map<String, String> data) {
    if (!data.containsKey(MODEL)) {
      return null;
    }
    return new IndexManifest(
        data.get(MODEL),
        Integer.parseInt(data.get(DIMENSION)),
        data.get(ANALYZER),
        VectorFormat.valueOf(data.get(VECTOR_FORMAT)));
  }

  /**
   * @throws IndexMismatchException if the index was built with another model or other settings
   */
  public void requireCompatible(IndexManifest wanted, Path directory) {
    requireCompatible(wanted, String.valueOf(directory), directory);
  }

  /**
   * @param where the index, for the message: a directory, or a cluster and index name
   * @throws IndexMismatchException if the index was built with another model or other settings
   */
  public void requireCompatible(IndexManifest wanted, String where) {
    requireCompatible(wanted, where, null);
  }

  private void requireCompatible(IndexManifest wanted, String where, Path directory) {
    if (!model.equals(wanted.model) || dimension != wanted.dimension) {
      throw new IndexMismatchException(
          "The index at "
              + where
              + " was built with embedding model "
              + model
              + " ("
              + dimension
              + " dimensions), but this Quarry embeds with "
              + wanted.model
              + " ("
              + wanted.dimension
              + " dimensions). Re-index the knowledge base: delete "
              + where
              + " and ingest its documents again.",
          directory);
    }
    if (!analyzer.equals(wanted.analyzer) || vectorFormat != wanted.vectorFormat) {
      throw new IndexMismatchException(
          "The index at "
              + where
              + " was built with analyser "
              + analyzer
              + " and vector format "
              + vectorFormat
              + ", but "
              + wanted.analyzer
              + " and "
              + wanted.vectorFormat
              + " were asked for. Re-index the knowledge base to change them.",
          directory);
    }
  }
}
