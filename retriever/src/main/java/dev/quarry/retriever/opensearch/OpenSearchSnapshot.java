package dev.quarry.retriever.opensearch;

import dev.quarry.retriever.IndexUnavailableException;
import dev.quarry.retriever.fusion.Hit;
import dev.quarry.retriever.index.ChunkFilter;
import dev.quarry.retriever.index.IndexSnapshot;
import dev.quarry.retriever.index.StoredChunk;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.SearchType;
import org.opensearch.client.opensearch._types.query_dsl.Query;
import org.opensearch.client.opensearch.core.SearchResponse;
import org.opensearch.client.opensearch.core.search.Pit;

/**
 * An {@link OpenSearchChunkIndex} snapshot: one point in time (OpenSearch's PIT), so both legs, the
 * vectors for MMR and the passages read the same refreshed state. A hit's {@code doc} is its place
 * in this snapshot's table of chunks.
 */
final class OpenSearchSnapshot implements IndexSnapshot {

  private static final List<String> NOT_READ_BACK = List.of("vector", "contents");

  private final OpenSearchClient client;
  private final String pitId;
  private final String where;
  private final List<ChunkSource> chunks = new ArrayList<>();
  private final List<String> ids = new ArrayList<>();
  private final Map<String, Integer> byId = new HashMap<>();

  OpenSearchSnapshot(OpenSearchClient client, String pitId, String where) {
    this.client = client;
    this.pitId = pitId;
    this.where = where;
  }

  @Override
  public List<Hit> bm25(String query, ChunkFilter filter, int n) {
    Query match =
        Query.of(
            q ->
                q.bool(
                    b ->
                        b.must(m -> m.match(t -> t.field("contents").query(FieldValue.of(query))))
                            .filter(OpenSearchQueries.filters(filter))));
    return hits(search("BM25 search", match, n, SearchType.DfsQueryThenFetch), false);
  }

  @Override
  public List<Hit> knn(float[] vector, ChunkFilter filter, int n) {
    Query filterQuery = OpenSearchQueries.filter(filter);
    Query knn =
        Query.of(
            q ->
                q.knn(
                    k -> {
                      k.field("vector").vector(vector).k(n);
                      if (filterQuery != null) {
                        k.filter(filterQuery);
                      }
                      return k;
                    }));
    return hits(search("k-NN search", knn, n, SearchType.QueryThenFetch), true);
  }

  @Override
  public float[] vector(int doc) {
    String id = ids.get(doc);
    SearchResponse<ChunkSource> r =
        OpenSearchFailures.call(
            "Reading a vector",
            where,
            () ->
                client.search(
                    s ->
                        s.pit(
                                Pit.of(
                                    p ->
                                        p.id(pitId).keepAlive(OpenSearchChunkIndex.PIT_KEEP_ALIVE)))
                            .query(q -> q.ids(i -> i.values(id)))
                            .source(c -> c.filter(f -> f.includes("vector")))
                            .size(1),
                    ChunkSource.class));
    if (r.hits().hits().isEmpty() || r.hits().hits().get(0).source().vector() == null) {
      throw new IndexUnavailableException("Chunk " + id + " has no vector at " + where, null);
    }
    return r.hits().hits().get(0).source().vector();
  }

  @Override
  public StoredChunk chunk(int doc) {
    return chunks.get(doc).stored();
  }

  /**
   * @param type {@code dfs_query_then_fetch} for BM25: term statistics of the whole index, not of
   *     each shard, so a sharded index scores as one (as the embedded index does)
   */
  private SearchResponse<ChunkSource> search(String what, Query query, int n, SearchType type) {
    return OpenSearchFailures.call(
        what,
        where,
        () ->
            client.search(
                s ->
                    s.pit(Pit.of(p -> p.id(pitId).keepAlive(OpenSearchChunkIndex.PIT_KEEP_ALIVE)))
                        // a shard that cannot answer fails the search: never silently fewer hits
                        .allowPartialSearchResults(false)
                        .searchType(type)
                        .query(query)
                        .size(n)
                        .source(c -> c.filter(f -> f.excludes(NOT_READ_BACK))),
                ChunkSource.class));
  }

  /** Lucene's cosine score is (1 + cos) / 2, in OpenSearch as in Lucene; a hit reports cos. */
  private List<Hit> hits(SearchResponse<ChunkSource> response, boolean cosine) {
    List<Hit> hits = new ArrayList<>();
    for (org.opensearch.client.opensearch.core.search.Hit<ChunkSource> h : response.hits().hits()) {
      float score = h.score() == null ? 0 : h.score().floatValue();
      hits.add(new Hit(register(h.id(), h.source()), cosine ? 2 * score - 1 : score));
    }
    return hits;
  }

  private int register(String id, ChunkSource source) {
    return byId.computeIfAbsent(
        id,
        k -> {
          ids.add(id);
          chunks.add(source);
          return ids.size() - 1;
        });
  }
}
