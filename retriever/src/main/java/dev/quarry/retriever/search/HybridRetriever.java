package dev.quarry.retriever.search;

import dev.quarry.retriever.InvalidSearchException;
import dev.quarry.retriever.embed.QueryEmbedding;
import dev.quarry.retriever.fusion.FusedHit;
import dev.quarry.retriever.index.ChunkFilter;
import dev.quarry.retriever.index.ChunkIndex;
import dev.quarry.retriever.index.IndexSnapshot;
import dev.quarry.retriever.index.Legs;
import dev.quarry.retriever.index.LegsRequest;
import dev.quarry.retriever.index.StoredChunk;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * BM25 and dense retrieval over one {@link ChunkIndex}, fused.
 *
 * <ol>
 *   <li>Embed the query (with the model's query instruction).
 *   <li>Check the filters and make them one {@link ChunkFilter}.
 *   <li>Both legs in one call to the index ({@link IndexSnapshot#legs}): BM25, the analysed query
 *       terms over title, headings and text, top N; dense, kNN top N with the filter applied during
 *       the graph search (pre-filter), scored by exact cosine. The index reconciles them so that no
 *       document appears in two versions.
 *   <li>Fuse the two rankings ({@link RetrievalSettings#fusion()}) at depth N: a leg that returned
 *       fewer than N hits returned every document it matches.
 *   <li>Optionally diversify the fused candidates with MMR.
 *   <li>Load the top k passages with both legs' scores and ranks.
 * </ol>
 *
 * <p>The legs run in the index ({@link IndexSnapshot}); fusion, MMR and passages run here, so every
 * index engine ranks the same way. Thread-safe; every search reads one snapshot, in which a
 * concurrent replace is seen whole or not at all, and never a document in two versions.
 */
public final class HybridRetriever implements Retriever {

  private final ChunkIndex index;
  private final RetrievalSettings settings;

  public HybridRetriever(ChunkIndex index, RetrievalSettings settings) {
    this.index = Objects.requireNonNull(index, "index");
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  public HybridRetriever(ChunkIndex index) {
    this(index, RetrievalSettings.defaults());
  }

  @Override
  public SearchResult search(SearchRequest request) {
    if (request.query().isBlank()) {
      throw new InvalidSearchException("The query is empty; type what you are looking for.", null);
    }
    long started = System.nanoTime();
    boolean dense = request.mode() != SearchMode.BM25;
    QueryEmbedding embedding = dense ? index.embedder().embedQuery(request.query()) : null;
    long embedded = System.nanoTime();
    ChunkFilter filter = FilterQueries.of(request.filters(), index);
    int n = Math.max(settings.candidates(), request.k());
    LegsRequest legsRequest =
        new LegsRequest(
            request.mode() == SearchMode.DENSE ? null : request.query(),
            dense ? embedding.vector() : null,
            filter,
            n,
            request.diversify());
    return index.search(
        snapshot -> {
          long t0 = System.nanoTime();
          Legs legs = snapshot.legs(legsRequest);
          long t1 = System.nanoTime();
          List<FusedHit> fused = settings.fusion().fuse(legs.bm25(), legs.dense(), n);
          if (request.diversify()) {
            fused = diversify(snapshot, fused, request.k());
          }
          long t2 = System.nanoTime();
          List<Passage> passages = load(snapshot, fused, request);
          return new SearchResult(
              passages,
              dense ? embedding.tokens() : 0,
              dense && embedding.truncated(),
              new SearchTimings(embedded - started, t1 - t0, t2 - t1, System.nanoTime() - started));
        });
  }

  private List<FusedHit> diversify(IndexSnapshot snapshot, List<FusedHit> fused, int k) {
    float[] relevance = new float[fused.size()];
    float[][] vectors = new float[fused.size()][];
    for (int i = 0; i < fused.size(); i++) {
      relevance[i] = fused.get(i).score();
      vectors[i] = snapshot.vector(fused.get(i).doc());
    }
    List<FusedHit> picked = new ArrayList<>();
    for (int i : Mmr.select(relevance, vectors, k, settings.mmrLambda())) {
      picked.add(fused.get(i));
    }
    return picked;
  }

  private static List<Passage> load(
      IndexSnapshot snapshot, List<FusedHit> fused, SearchRequest request) {
    List<FusedHit> top = fused.subList(0, Math.min(request.k(), fused.size()));
    List<StoredChunk> chunks = snapshot.chunks(top.stream().map(FusedHit::doc).toList());
    List<Passage> passages = new ArrayList<>(top.size());
    for (int i = 0; i < top.size(); i++) {
      FusedHit hit = top.get(i);
      float score =
          switch (request.mode()) {
            case BM25 -> hit.bm25().score();
            case DENSE -> hit.dense().score();
            case HYBRID -> hit.score();
          };
      passages.add(PassageReader.passage(chunks.get(i), hit, score));
    }
    return passages;
  }

  public ChunkIndex index() {
    return index;
  }

  public RetrievalSettings settings() {
    return settings;
  }
}
