package dev.quarry.retriever.index;

import java.io.Closeable;
import java.util.List;
import java.util.Optional;

/**
 * Where the knowledge bases' indexes live, one {@link ChunkIndex} each: a directory per knowledge
 * base ({@link IndexStore}), or an index per knowledge base on an OpenSearch cluster ({@code
 * OpenSearchIndexes}). Thread-safe; each knowledge base's index is opened once and shared.
 */
public interface ChunkIndexes extends Closeable {

  /**
   * The knowledge base's index, created empty with the default model when it does not exist yet.
   */
  ChunkIndex openOrCreate(String kb);

  /**
   * The knowledge base's index, created empty with the embedding model named {@code model} when it
   * does not exist yet. An existing index embeds passages and queries with the model its {@link
   * IndexManifest} names, whatever {@code model} says.
   *
   * @throws IllegalArgumentException if a new index would need a model these indexes do not have
   */
  ChunkIndex openOrCreate(String kb, String model);

  /** Names of the knowledge bases that have an index, sorted. */
  List<String> list();

  /** Closes and deletes a knowledge base's index; a no-op when it has none. */
  void delete(String kb);

  /**
   * Why new indexes could not be written now (a directory that is not writable, a cluster that
   * cannot be reached or is red), or empty when they can; for the readiness check.
   */
  Optional<String> problem();

  /** Where the indexes live, for the log: a directory, or a cluster. */
  String location();

  @Override
  void close();
}
