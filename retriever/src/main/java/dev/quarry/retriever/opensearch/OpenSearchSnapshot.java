package dev.quarry.retriever.opensearch;

import dev.quarry.retriever.IndexUnavailableException;
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
 * _msearch} that reads each shard's refreshed state once, and every hit brings its stored fields
 * (and its vector, when asked for), so passages and MMR need no further request. Since all chunks
 * of a document live on one shard and a refresh flips a shard at once, a call sees each document in
 * one version; {@link #legs} runs both legs in one call and keeps only a document's newest version
 * where they disagree ({@link NewestVersions}). A hit's {@code doc} is its place in this snapshot's
 * table of chunks.
 */
final class OpenSearchSnapshot implements IndexSnapshot {

  private final MultiSearch searches;
  private final List<ChunkSource> chunks = new ArrayList<>();
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
    return NewestVersions.keep(new Legs(bm25, dense), this::chunk);
  }

  /**
   * The vector read with the hit, or, when the legs were asked without vectors, read now.
   *
   * @throws IndexUnavailableException if it must be read now and the chunk is gone (replaced since)
   */
  @Override
  public float[] vector(int doc) {
    ChunkSource chunk = chunks.get(doc);
    if (chunk.vector() != null) {
      return chunk.vector();
    }
    List<SourceHit> found =
        searches
            .run("Reading a vector", List.of(Search.plain(LegQueries.vectorOf(chunk.chunkId()))))
            .get(0);
    if (found.isEmpty() || found.get(0).source().vector() == null) {
      throw new IndexUnavailableException(
          "Chunk " + chunk.chunkId() + " is no longer in the index; search again", null);
    }
    chunks.set(doc, chunk.withVector(found.get(0).source().vector()));
    return chunks.get(doc).vector();
  }

  @Override
  public StoredChunk chunk(int doc) {
    return chunks.get(doc).stored();
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
    Integer known = byId.get(hit.id());
    if (known != null) {
      if (hit.source().vector() != null && chunks.get(known).vector() == null) {
        chunks.set(known, hit.source());
      }
      return known;
    }
    chunks.add(hit.source());
    byId.put(hit.id(), chunks.size() - 1);
    return chunks.size() - 1;
  }
}
