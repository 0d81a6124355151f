package dev.quarry.retriever.opensearch;

import dev.quarry.retriever.fusion.Hit;
import dev.quarry.retriever.index.ChunkFilter;
import dev.quarry.retriever.index.IndexSnapshot;
import dev.quarry.retriever.index.Legs;
import dev.quarry.retriever.index.LegsRequest;
import dev.quarry.retriever.index.StoredChunk;
import dev.quarry.retriever.opensearch.MultiSearch.Search;
import dev.quarry.retriever.opensearch.MultiSearch.SourceHit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@link OpenSearchChunkIndex} snapshot. No point in time is held: every call is one {@code
 * _msearch} that reads each shard's refreshed state once. Since all chunks of a document live on
 * one shard and a refresh flips a shard at once, a call sees each document in one version; {@link
 * #legs} runs both legs in one call and keeps only a document's newest version where they disagree
 * ({@link NewestVersions}).
 *
 * <p>The legs' hits bring ids and versions only; {@link #chunks} then reads the passages' stored
 * fields in one more call, by chunk id (which names the version, so it is the version the legs
 * saw). A chunk replaced in between is gone: that call throws {@link Stale}, and {@link
 * OpenSearchChunkIndex#search} runs the search again. A hit's {@code doc} is its place in this
 * snapshot's table of chunks.
 */
final class OpenSearchSnapshot implements IndexSnapshot {

  /** A chunk a leg found is no longer in the index: a replace was refreshed since. */
  static final class Stale extends RuntimeException {
    Stale(String chunkId) {
      super("chunk " + chunkId + " was replaced during the search", null, false, false);
    }
  }

  private final MultiSearch searches;
  private final List<String> ids = new ArrayList<>();
  private final List<NewestVersions.Version> versions = new ArrayList<>();
  private final List<ChunkSource> sources = new ArrayList<>();
  private final Map<String, Integer> byId = new HashMap<>();

  OpenSearchSnapshot(MultiSearch searches) {
    this.searches = searches;
  }

  @Override
  public List<Hit> bm25(String query, ChunkFilter filter, int n) {
    return legs(new LegsRequest(query, null, filter, n, false)).bm25();
  }

  @Override
  public List<Hit> knn(float[] vector, ChunkFilter filter, int n) {
    return legs(new LegsRequest(null, vector, filter, n, false)).dense();
  }

  @Override
  public Legs legs(LegsRequest request) {
    List<Search> both = new ArrayList<>(2);
    if (request.text() != null) {
      both.add(
          // dfs_query_then_fetch: term statistics of the whole index, not of each shard, so a
          // sharded index scores as one (as the embedded index does)
          Search.dfs(
              LegQueries.bm25(request.text(), request.filter(), request.n(), request.vectors())));
    }
    if (request.vector() != null) {
      both.add(
          Search.plain(
              LegQueries.knn(request.vector(), request.filter(), request.n(), request.vectors())));
    }
    if (both.isEmpty()) {
      return new Legs(List.of(), List.of());
    }
    List<List<SourceHit>> answers = searches.run("Searching", both);
    int next = 0;
    List<Hit> bm25 = request.text() == null ? List.of() : hits(answers.get(next++), false);
    List<Hit> dense = request.vector() == null ? List.of() : hits(answers.get(next), true);
    return NewestVersions.keep(new Legs(bm25, dense), versions::get);
  }

  /**
   * The vector read with the hit, or, when the legs were asked without vectors, read now.
   *
   * @throws Stale if it must be read now and the chunk was replaced since
   */
  @Override
  public float[] vector(int doc) {
    if (sources.get(doc) == null || sources.get(doc).vector() == null) {
      read(List.of(doc), true);
    }
    return sources.get(doc).vector();
  }

  @Override
  public StoredChunk chunk(int doc) {
    return chunks(List.of(doc)).get(0);
  }

  /**
   * @throws Stale if a chunk must be read now and was replaced since the legs found it
   */
  @Override
  public List<StoredChunk> chunks(List<Integer> docs) {
    read(docs.stream().filter(doc -> sources.get(doc) == null).toList(), false);
    return docs.stream().map(doc -> sources.get(doc).stored()).toList();
  }

  /** Reads the stored fields of {@code docs} in one call. */
  private void read(List<Integer> docs, boolean withVectors) {
    if (docs.isEmpty()) {
      return;
    }
    List<String> wanted = docs.stream().map(ids::get).distinct().toList();
    List<SourceHit> found =
        searches
            .run("Reading chunks", List.of(Search.plain(LegQueries.chunks(wanted, withVectors))))
            .get(0);
    for (SourceHit h : found) {
      sources.set(byId.get(h.chunkId()), h.source());
    }
    for (int doc : docs) {
      ChunkSource source = sources.get(doc);
      if (source == null || (withVectors && source.vector() == null)) {
        throw new Stale(ids.get(doc));
      }
    }
  }

  /** Lucene's cosine score is (1 + cos) / 2, in OpenSearch as in Lucene; a hit reports cos. */
  private List<Hit> hits(List<SourceHit> found, boolean cosine) {
    List<Hit> hits = new ArrayList<>(found.size());
    for (SourceHit h : found) {
      hits.add(new Hit(register(h), cosine ? 2 * h.score() - 1 : h.score()));
    }
    return hits;
  }

  private int register(SourceHit hit) {
    String id = hit.chunkId();
    Integer known = byId.get(id);
    if (known != null) {
      if (hit.source() != null && sources.get(known) == null) {
        sources.set(known, hit.source());
      }
      return known;
    }
    ids.add(id);
    versions.add(hit.version());
    sources.add(hit.source());
    byId.put(id, ids.size() - 1);
    return ids.size() - 1;
  }
}
