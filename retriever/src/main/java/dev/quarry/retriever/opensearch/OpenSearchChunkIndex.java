package dev.quarry.retriever.opensearch;

import dev.quarry.retriever.IndexMismatchException;
import dev.quarry.retriever.IndexUnavailableException;
import dev.quarry.retriever.embed.Embedder;
import dev.quarry.retriever.embed.EmbeddingModels;
import dev.quarry.retriever.index.Chunk;
import dev.quarry.retriever.index.ChunkIndex;
import dev.quarry.retriever.index.DocumentChunks;
import dev.quarry.retriever.index.IndexChange;
import dev.quarry.retriever.index.IndexManifest;
import dev.quarry.retriever.index.IndexSettings;
import dev.quarry.retriever.index.IndexSnapshot;
import dev.quarry.retriever.index.IndexStore;
import dev.quarry.retriever.index.IndexedDocument;
import dev.quarry.retriever.index.StoredChunk;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.opensearch.client.json.JsonData;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.SortOrder;
import org.opensearch.client.opensearch._types.aggregations.CompositeAggregate;
import org.opensearch.client.opensearch._types.aggregations.CompositeAggregationSource;
import org.opensearch.client.opensearch._types.aggregations.CompositeBucket;
import org.opensearch.client.opensearch._types.mapping.Property;
import org.opensearch.client.opensearch._types.mapping.TypeMapping;
import org.opensearch.client.opensearch._types.query_dsl.Query;
import org.opensearch.client.opensearch.cluster.HealthResponse;
import org.opensearch.client.opensearch.core.BulkResponse;
import org.opensearch.client.opensearch.core.SearchResponse;
import org.opensearch.client.opensearch.core.bulk.BulkOperation;
import org.opensearch.client.opensearch.core.bulk.BulkResponseItem;
import org.opensearch.client.opensearch.core.search.Hit;
import org.opensearch.client.opensearch.generic.Body;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.opensearch.generic.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ChunkIndex} of one knowledge base on an OpenSearch cluster: one index, {@code
 * <prefix><kb>}, laid out by {@link ChunkMapping}, sharded and replicated as {@link
 * OpenSearchSettings} says.
 *
 * <p>How it keeps the contract without transactions: every chunk of a document is routed to the
 * same shard (routing = document id); the index never refreshes on its own ({@code
 * refresh_interval: -1}); a replace writes the new chunks and deletes the old ones in one bulk
 * request, then refreshes. Searches read refreshed state only, so they see a document's old chunks
 * until that refresh and its new ones after it: never both, never half, never none. A search's two
 * legs run in one {@code _msearch}; should a refresh fall between them, the older version's hits
 * are dropped ({@link OpenSearchSnapshot}). A bulk that fails partway is not refreshed and the
 * replace fails as retryable; doing it again (as ingestion jobs do) completes it, since chunk ids
 * are deterministic ({@code document:version:ordinal}). Writes through one instance are serialised;
 * two processes writing one knowledge base at once could refresh each other's half-done bulk, so
 * the server claims each document's jobs once.
 */
public final class OpenSearchChunkIndex implements ChunkIndex {

  private static final Logger LOG = LoggerFactory.getLogger(OpenSearchChunkIndex.class);

  private static final int PAGE = 1000;

  /** Runs of one search when what it found kept being replaced before it was read. */
  private static final int ATTEMPTS = 5;

  private static final List<String> NOT_READ_BACK = List.of("vector", "contents");

  private final OpenSearchConnection connection;
  private final OpenSearchClient client;
  private final String name;
  private final String where;
  private final IndexSettings settings;
  private final Embedder embedder;
  private final IndexManifest manifest;
  private final MultiSearch searches;
  private volatile boolean open = true;

  private OpenSearchChunkIndex(
      OpenSearchConnection connection,
      String name,
      IndexSettings settings,
      Embedder embedder,
      IndexManifest manifest) {
    this.connection = connection;
    this.client = connection.client();
    this.name = name;
    this.where = connection.where() + "/" + name;
    this.settings = settings;
    this.embedder = embedder;
    this.manifest = manifest;
    this.searches = new MultiSearch(client, name, where);
  }

  /** The index name of a knowledge base. */
  public static String indexName(OpenSearchSettings settings, String kb) {
    return settings.indexPrefix() + IndexStore.requireValidName(kb).toLowerCase(Locale.ROOT);
  }

  /**
   * Opens the knowledge base's index, creating it when absent.
   *
   * @throws IndexMismatchException if it was built with another model or other settings
   * @throws IndexUnavailableException if the cluster cannot be reached or refuses
   */
  public static OpenSearchChunkIndex open(
      OpenSearchConnection connection, String kb, IndexSettings settings, Embedder embedder) {
    return open(connection, kb, settings, EmbeddingModels.of(embedder), embedder.info().name());
  }

  /**
   * Opens the knowledge base's index, creating it with the embedding model {@code model} when
   * absent; an existing index embeds with the model (and has the dimension) its manifest names.
   *
   * @throws IndexMismatchException if it was built with a model {@code models} lacks or other
   *     settings
   * @throws IndexUnavailableException if the cluster cannot be reached or refuses
   */
  public static OpenSearchChunkIndex open(
      OpenSearchConnection connection,
      String kb,
      IndexSettings settings,
      EmbeddingModels models,
      String model) {
    OpenSearchSettings os = connection.settings();
    String name = indexName(os, kb);
    String where = connection.where() + "/" + name;
    OpenSearchClient client = connection.client();
    boolean exists =
        OpenSearchFailures.call(
            "Checking the index", where, () -> client.indices().exists(e -> e.index(name)).value());
    String own = exists ? manifest(client, name, where).model() : model;
    // Built with a model these indexes lack: the default refuses it with the re-index advice.
    Embedder embedder = models.get(models.knows(own) ? own : models.defaultName());
    IndexManifest wanted = IndexManifest.of(embedder.info(), settings);
    if (!exists) {
      if (os.derivedSource()) {
        warnOfDerivedSource(client, where);
      }
      String json =
          ChunkMapping.createIndexJson(wanted, os.shards(), os.replicas(), os.derivedSource());
      // the generic client: the typed one has no builder for the k-NN plugin's mapping
      Response created =
          OpenSearchFailures.call(
              "Creating the index",
              where,
              () ->
                  client
                      .generic()
                      .execute(
                          Requests.builder()
                              .method("PUT")
                              .endpoint("/" + name)
                              .json(json)
                              .build()));
      String body = created.getBody().map(Body::bodyAsString).orElse("");
      if (created.getStatus() >= 300 && !body.contains("resource_already_exists_exception")) {
        throw new IndexUnavailableException(
            "Creating the index on OpenSearch at "
                + where
                + " failed ("
                + created.getStatus()
                + "): "
                + body,
            null);
      } // already there: another server created it meanwhile; its manifest is checked below
      awaitRecoveredCopies(client, name, where, os);
    }
    IndexManifest found = manifest(client, name, where);
    found.requireCompatible(wanted, where);
    return new OpenSearchChunkIndex(connection, name, settings, embedder, found);
  }

  /**
   * Warns when the cluster's version makes derived source a risk ({@link
   * ChunkMapping#derivedSourceConcern}). Only a warning: a user allowed to create indexes but not
   * to read the cluster's version ({@code cluster:monitor/main}) still gets the index.
   */
  private static void warnOfDerivedSource(OpenSearchClient client, String where) {
    try {
      ChunkMapping.derivedSourceConcern(client.info().version().number()).ifPresent(LOG::warn);
    } catch (IOException | RuntimeException e) {
      LOG.debug("The version of the cluster at {} could not be read: {}", where, e.toString());
    }
  }

  /**
   * Waits until every copy of a new index that the cluster can place has started. A replica that
   * recovers while the first chunks are written refreshes its searcher at a moment of its own,
   * which can fall inside a bulk write and show half a document version; and, on indexes that keep
   * vectors out of the stored source, OpenSearch 2.19 can stall that recovery and with it every
   * write (k-NN issue 2625). Replicas are placed only after their primaries have started, so
   * waiting merely for "no shard initializing" can return before a replica exists: this waits for
   * the number of active copies instead, counting at most one copy of a shard per data node (more
   * cannot be placed).
   */
  private static void awaitRecoveredCopies(
      OpenSearchClient client, String name, String where, OpenSearchSettings os) {
    try {
      int nodes = client.cluster().health().numberOfDataNodes();
      int copies = os.shards() * Math.min(os.replicas() + 1, Math.max(nodes, 1));
      HealthResponse health =
          client
              .cluster()
              .health(
                  h ->
                      h.index(name)
                          .waitForActiveShards(w -> w.count(copies))
                          .waitForNoInitializingShards(true)
                          .waitForNoRelocatingShards(true)
                          .timeout(t -> t.time("30s")));
      if (health.timedOut()) {
        LOG.warn(
            "Only {} of {} copies of the new index {} started within 30 s",
            health.activeShards(),
            copies,
            where);
      }
    } catch (IOException | RuntimeException e) {
      // the writes go on; a slow recovery only reopens the window described above
      LOG.warn("Copies of the new index {} still recovering after 30 s: {}", where, e.toString());
    }
  }

  /** Deletes a knowledge base's index; a no-op when it has none. */
  public static void drop(OpenSearchConnection connection, String kb) {
    String name = indexName(connection.settings(), kb);
    OpenSearchFailures.call(
        "Deleting the index",
        connection.where() + "/" + name,
        () -> connection.client().indices().delete(d -> d.index(name).ignoreUnavailable(true)));
  }

  private static IndexManifest manifest(OpenSearchClient client, String name, String where) {
    TypeMapping mapping = mapping(client, name, where);
    Map<String, String> meta = new TreeMap<>();
    mapping.meta().forEach((k, v) -> meta.put(k, v.to(String.class)));
    IndexManifest found = IndexManifest.fromUserData(meta);
    if (found == null) {
      throw new IndexMismatchException(
          "The OpenSearch index "
              + where
              + " was not built by Quarry (no embedding model recorded). Delete it, or choose"
              + " another index prefix, and re-index.",
          null);
    }
    return found;
  }

  private static TypeMapping mapping(OpenSearchClient client, String name, String where) {
    return OpenSearchFailures.call(
        "Reading the mapping",
        where,
        () -> client.indices().getMapping(g -> g.index(name)).result().get(name).mappings());
  }

  @Override
  public synchronized IndexChange replaceAll(List<DocumentChunks> documents) {
    requireOpen();
    long started = System.nanoTime();
    List<String> texts = new ArrayList<>();
    for (DocumentChunks d : documents) {
      d.chunks().forEach(c -> texts.add(c.contextualText()));
    }
    List<float[]> vectors = embedder.embedPassages(texts);
    long embedNanos = System.nanoTime() - started;
    List<BulkOperation> ops = new ArrayList<>();
    int removed = 0;
    int next = 0;
    for (DocumentChunks d : documents) {
      // every chunk the document has now that the new ones do not overwrite: older versions,
      // and the surplus of the same version cut anew with other chunk settings
      Set<String> kept = new HashSet<>();
      d.chunks()
          .forEach(c -> kept.add(ChunkSource.chunkId(d.documentId(), d.version(), c.ordinal())));
      List<String> existing = chunkIds(OpenSearchQueries.document(d.documentId()), d.documentId());
      removed += existing.size();
      for (String id : existing.stream().filter(id -> !kept.contains(id)).toList()) {
        ops.add(BulkOperation.of(b -> b.delete(x -> x.index(name).id(id).routing(d.documentId()))));
      }
      for (Chunk c : d.chunks()) {
        ChunkSource source = ChunkSource.of(d.documentId(), d.version(), c, vectors.get(next++));
        ops.add(
            BulkOperation.of(
                b ->
                    b.index(
                        x ->
                            x.index(name)
                                .id(source.chunkId())
                                .routing(d.documentId())
                                .document(source))));
      }
    }
    if (!ops.isEmpty()) {
      bulk(ops);
    }
    refresh();
    return new IndexChange(
        documents.size(), texts.size(), removed, embedNanos, System.nanoTime() - started);
  }

  @Override
  public synchronized IndexChange delete(String documentId) {
    requireOpen();
    long started = System.nanoTime();
    List<String> ids = chunkIds(OpenSearchQueries.document(documentId), documentId);
    if (!ids.isEmpty()) {
      bulk(
          ids.stream()
              .map(
                  id ->
                      BulkOperation.of(
                          b -> b.delete(x -> x.index(name).id(id).routing(documentId))))
              .toList());
      refresh();
    }
    return new IndexChange(1, 0, ids.size(), 0, System.nanoTime() - started);
  }

  private void bulk(List<BulkOperation> ops) {
    BulkResponse r =
        OpenSearchFailures.call(
            "Writing chunks", where, () -> client.bulk(b -> b.index(name).operations(ops)));
    if (r.errors()) {
      String first =
          r.items().stream()
              .filter(i -> i.error() != null)
              .map(BulkResponseItem::error)
              .map(e -> e.type() + ": " + e.reason())
              .findFirst()
              .orElse("unknown");
      throw new IndexUnavailableException(
          "Writing chunks to OpenSearch at "
              + where
              + " failed for some of them ("
              + first
              + "); nothing was made visible, and doing it again completes it",
          null);
    }
  }

  /**
   * Makes the writes visible; a shard copy that could not refresh fails the write as retryable (it
   * may still show the old chunks), so the job does it again.
   */
  private void refresh() {
    var shards =
        OpenSearchFailures.call(
                "Refreshing", where, () -> client.indices().refresh(r -> r.index(name)))
            .shards();
    if (shards.failed().intValue() > 0) {
      throw new IndexUnavailableException(
          "Refreshing the index on OpenSearch at "
              + where
              + " failed on "
              + shards.failed()
              + " shard copies; the change is written but may not be visible yet, and doing it"
              + " again completes it",
          null);
    }
  }

  /** The ids of the chunks the query matches, all on the shard {@code routing} names. */
  private List<String> chunkIds(Query query, String routing) {
    List<String> ids = new ArrayList<>();
    for (Hit<ChunkSource> h : scan(query, routing, false)) {
      ids.add(h.id());
    }
    return ids;
  }

  /**
   * Every hit of {@code query}, in chunk id order, a page at a time ({@code search_after}), past
   * OpenSearch's window of 10,000 hits.
   */
  private List<Hit<ChunkSource>> scan(Query query, String routing, boolean withSource) {
    List<Hit<ChunkSource>> all = new ArrayList<>();
    List<FieldValue> after = null;
    while (true) {
      List<FieldValue> from = after;
      SearchResponse<ChunkSource> page =
          OpenSearchFailures.call(
              "Listing chunks",
              where,
              () ->
                  client.search(
                      s -> {
                        s.index(name)
                            .allowPartialSearchResults(false)
                            .query(query)
                            .size(PAGE)
                            .sort(o -> o.field(f -> f.field("chunk_id").order(SortOrder.Asc)));
                        if (routing != null) {
                          s.routing(routing);
                        }
                        if (withSource) {
                          s.source(c -> c.filter(f -> f.excludes(NOT_READ_BACK)));
                        } else {
                          s.source(c -> c.fetch(false));
                        }
                        if (from != null) {
                          s.searchAfterVals(from);
                        }
                        return s;
                      },
                      ChunkSource.class));
      List<Hit<ChunkSource>> hits = page.hits().hits();
      all.addAll(hits);
      if (hits.size() < PAGE) {
        return all;
      }
      after = hits.get(hits.size() - 1).sort().stream().map(FieldValue::of).toList();
    }
  }

  /**
   * Runs {@code action} on a snapshot that holds nothing on the cluster (no point in time): each of
   * its calls is one request, and {@link IndexSnapshot#legs} reconciles the two legs of a search.
   * When a chunk the legs found was replaced before its passage was read, {@code action} runs again
   * on a new snapshot, up to {@value #ATTEMPTS} times in all.
   *
   * @throws IndexUnavailableException if the chunks kept changing under every attempt
   */
  /** Waits a few milliseconds more at each attempt, so that a writer's refresh lands first. */
  private static void pause(int attempt) {
    try {
      Thread.sleep(5L * attempt);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IndexUnavailableException("Interrupted while searching again", null, e);
    }
  }

  @Override
  public <T> T search(Function<IndexSnapshot, T> action) {
    requireOpen();
    for (int attempt = 1; ; attempt++) {
      try {
        return action.apply(new OpenSearchSnapshot(searches));
      } catch (OpenSearchSnapshot.Stale e) {
        if (attempt < ATTEMPTS) {
          pause(attempt); // a writer is replacing this document now: let its refresh land
          continue;
        }
        throw new IndexUnavailableException(
            "Searching "
                + where
                + " failed: the chunks found were replaced before they could be read, "
                + ATTEMPTS
                + " times; search again",
            null,
            e);
      }
    }
  }

  @Override
  public Optional<IndexedDocument> document(String documentId) {
    requireOpen();
    SearchResponse<ChunkSource> r =
        OpenSearchFailures.call(
            "Reading a document",
            where,
            () ->
                client.search(
                    s ->
                        s.index(name)
                            .allowPartialSearchResults(false)
                            .routing(documentId)
                            .query(OpenSearchQueries.document(documentId))
                            .size(1)
                            .trackTotalHits(t -> t.enabled(true))
                            .source(c -> c.filter(f -> f.excludes(NOT_READ_BACK))),
                    ChunkSource.class));
    if (r.hits().hits().isEmpty()) {
      return Optional.empty();
    }
    ChunkSource first = r.hits().hits().get(0).source();
    return Optional.of(
        new IndexedDocument(
            documentId,
            first.version(),
            (int) r.hits().total().value(),
            first.meta() == null ? Map.of() : new TreeMap<>(first.meta())));
  }

  @Override
  public List<StoredChunk> chunksOf(String documentId) {
    requireOpen();
    return scan(OpenSearchQueries.document(documentId), documentId, true).stream()
        .map(h -> h.source().stored())
        .sorted(java.util.Comparator.comparingInt(StoredChunk::ordinal))
        .toList();
  }

  @Override
  public SortedSet<String> documentIds() {
    requireOpen();
    SortedSet<String> ids = new TreeSet<>();
    Map<String, String> after = null;
    while (true) {
      Map<String, String> from = after;
      SearchResponse<Void> r =
          OpenSearchFailures.call(
              "Listing documents",
              where,
              () ->
                  client.search(
                      s ->
                          s.index(name)
                              .size(0)
                              .aggregations(
                                  "ids",
                                  a ->
                                      a.composite(
                                          c -> {
                                            c.size(PAGE)
                                                .sources(
                                                    Map.of(
                                                        "id",
                                                        CompositeAggregationSource.of(
                                                            x ->
                                                                x.terms(
                                                                    t -> t.field("document_id")))));
                                            if (from != null) {
                                              c.after(from);
                                            }
                                            return c;
                                          })),
                      Void.class));
      CompositeAggregate agg = r.aggregations().get("ids").composite();
      List<CompositeBucket> buckets = agg.buckets().array();
      for (CompositeBucket b : buckets) {
        ids.add(b.key().get("id").to(String.class));
      }
      if (buckets.size() < PAGE || agg.afterKey().isEmpty()) {
        return ids;
      }
      Map<String, String> nextAfter = new TreeMap<>();
      for (Map.Entry<String, JsonData> e : agg.afterKey().entrySet()) {
        nextAfter.put(e.getKey(), e.getValue().to(String.class));
      }
      after = nextAfter;
    }
  }

  @Override
  public int chunkCount() {
    requireOpen();
    return (int)
        OpenSearchFailures.call("Counting chunks", where, () -> client.count(c -> c.index(name)))
            .count();
  }

  @Override
  public Set<String> metadataFields() {
    requireOpen();
    Property meta = mapping(client, name, where).properties().get("meta");
    if (meta == null || !meta.isObject()) {
      return Set.of();
    }
    return new TreeSet<>(meta.object().properties().keySet());
  }

  @Override
  public IndexManifest manifest() {
    return manifest;
  }

  @Override
  public IndexSettings settings() {
    return settings;
  }

  @Override
  public Embedder embedder() {
    return embedder;
  }

  @Override
  public String location() {
    return where;
  }

  /** The connection this index talks through (shared; closing the index leaves it open). */
  public OpenSearchConnection connection() {
    return connection;
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  /** Forgets the index in this process; the cluster keeps it. The connection stays open. */
  @Override
  public void close() {
    open = false;
  }

  private void requireOpen() {
    if (!open) {
      throw new IndexUnavailableException("The index " + where + " was closed in Quarry", null);
    }
  }
}
