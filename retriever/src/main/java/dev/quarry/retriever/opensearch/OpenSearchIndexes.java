package dev.quarry.retriever.opensearch;

import dev.quarry.retriever.RetrieverException;
import dev.quarry.retriever.embed.Embedder;
import dev.quarry.retriever.embed.EmbeddingModels;
import dev.quarry.retriever.index.ChunkIndexes;
import dev.quarry.retriever.index.IndexSettings;
import dev.quarry.retriever.index.IndexStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.opensearch.client.opensearch._types.HealthStatus;
import org.opensearch.client.opensearch.cluster.HealthResponse;

/**
 * The knowledge bases' indexes on one OpenSearch cluster: {@code <prefix><kb>} each, opened once
 * per process and shared. Thread-safe; closing it closes the connection.
 */
public final class OpenSearchIndexes implements ChunkIndexes {

  private final OpenSearchConnection connection;
  private final IndexSettings settings;
  private final EmbeddingModels models;
  private final Map<String, OpenSearchChunkIndex> open = new HashMap<>();

  /**
   * @param settings settings of new knowledge bases' indexes (an existing one must match them)
   * @param models the models indexes may be built with: an existing index embeds with the one its
   *     manifest names, a new one with the one its creator names
   */
  public OpenSearchIndexes(OpenSearchSettings os, IndexSettings settings, EmbeddingModels models) {
    this.connection = new OpenSearchConnection(os);
    this.settings = settings;
    this.models = models;
  }

  /** Indexes that all embed with {@code embedder}. */
  public OpenSearchIndexes(OpenSearchSettings os, IndexSettings settings, Embedder embedder) {
    this(os, settings, EmbeddingModels.of(embedder));
  }

  @Override
  public OpenSearchChunkIndex openOrCreate(String kb) {
    return openOrCreate(kb, models.defaultName());
  }

  @Override
  public synchronized OpenSearchChunkIndex openOrCreate(String kb, String model) {
    OpenSearchChunkIndex index = open.get(IndexStore.requireValidName(kb));
    if (index == null || !index.isOpen()) {
      index = OpenSearchChunkIndex.open(connection, kb, settings, models, model);
      open.put(kb, index);
    }
    return index;
  }

  @Override
  public synchronized List<String> list() {
    String prefix = connection.settings().indexPrefix();
    return OpenSearchFailures.call(
        "Listing the indexes",
        connection.where(),
        () ->
            connection
                .client()
                .indices()
                .get(g -> g.index(prefix + "*").allowNoIndices(true))
                .result()
                .keySet()
                .stream()
                .map(name -> name.substring(prefix.length()))
                .sorted()
                .toList());
  }

  @Override
  public synchronized void delete(String kb) {
    OpenSearchChunkIndex index = open.remove(IndexStore.requireValidName(kb));
    if (index != null) {
      index.close();
    }
    OpenSearchChunkIndex.drop(connection, kb);
  }

  /** Red (a primary shard is not allocated), or not reachable: new indexes cannot be written. */
  @Override
  public Optional<String> problem() {
    try {
      HealthResponse health =
          OpenSearchFailures.call(
              "Reading the cluster health",
              connection.where(),
              () -> connection.client().cluster().health());
      return health.status() == HealthStatus.Red
          ? Optional.of(
              "the OpenSearch cluster at "
                  + connection.where()
                  + " is red: a primary shard has no node ("
                  + health.unassignedShards()
                  + " unassigned shards)")
          : Optional.empty();
    } catch (RetrieverException e) {
      return Optional.of(e.getMessage());
    }
  }

  @Override
  public String location() {
    return "OpenSearch at "
        + connection.where()
        + " (indexes "
        + connection.settings().indexPrefix()
        + "<knowledge base>)";
  }

  @Override
  public synchronized void close() {
    open.values().forEach(OpenSearchChunkIndex::close);
    open.clear();
    connection.close();
  }
}
