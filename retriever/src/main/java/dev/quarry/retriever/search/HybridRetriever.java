package dev.quarry.retriever.search;

import dev.quarry.retriever.IndexUnavailableException;
import dev.quarry.retriever.InvalidSearchException;
import dev.quarry.retriever.embed.QueryEmbedding;
import dev.quarry.retriever.fusion.FusedHit;
import dev.quarry.retriever.fusion.Hit;
import dev.quarry.retriever.index.IndexFields;
import dev.quarry.retriever.index.KnowledgeIndex;
import dev.quarry.retriever.index.VectorFormat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.util.QueryBuilder;
import org.apache.lucene.util.VectorUtil;

/**
 * BM25 and dense retrieval over one {@link KnowledgeIndex}, fused.
 *
 * <ol>
 *   <li>Embed the query (with the model's query instruction).
 *   <li>Turn the filters into one Lucene filter query.
 *   <li>BM25 leg: the analysed query terms as a disjunction over title, headings and text, top N.
 *   <li>Dense leg: HNSW kNN top N with the filter applied during the graph search (pre-filter);
 *       with an int8 graph, the N candidates are re-scored with their float vectors.
 *   <li>Fuse the two rankings ({@link RetrievalSettings#fusion()}) at depth N: a leg that returned
 *       fewer than N hits returned every document it matches.
 *   <li>Optionally diversify the fused candidates with MMR.
 *   <li>Load the top k passages with both legs' scores and ranks.
 * </ol>
 *
 * <p>Thread-safe; every search reads one point-in-time view, so a concurrent replace is seen whole
 * or not at all.
 */
public final class HybridRetriever implements Retriever {

  private final KnowledgeIndex index;
  private final RetrievalSettings settings;

  public HybridRetriever(KnowledgeIndex index, RetrievalSettings settings) {
    this.index = Objects.requireNonNull(index, "index");
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  public HybridRetriever(KnowledgeIndex index) {
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
    Query filter = FilterQueries.of(request.filters(), index);
    int n = Math.max(settings.candidates(), request.k());
    return index.withSearcher(
        searcher -> {
          try {
            long t0 = System.nanoTime();
            List<Hit> bm25 =
                request.mode() == SearchMode.DENSE ? List.of() : bm25(searcher, request, filter, n);
            long t1 = System.nanoTime();
            List<Hit> knn = dense ? knn(searcher, embedding.vector(), filter, n) : List.of();
            long t2 = System.nanoTime();
            List<FusedHit> fused = settings.fusion().fuse(bm25, knn, n);
            if (request.diversify()) {
              fused = diversify(searcher, fused, request.k());
            }
            long t3 = System.nanoTime();
            List<Passage> passages = load(searcher, fused, request);
            return new SearchResult(
                passages,
                dense ? embedding.tokens() : 0,
                dense && embedding.truncated(),
                new SearchTimings(
                    embedded - started, t1 - t0, t2 - t1, t3 - t2, System.nanoTime() - started));
          } catch (IOException e) {
            throw new IndexUnavailableException(
                "Searching the index at " + index.directory() + " failed: " + e,
                index.directory(),
                e);
          }
        });
  }

  private List<Hit> bm25(IndexSearcher searcher, SearchRequest request, Query filter, int n)
      throws IOException {
    Query terms =
        new QueryBuilder(index.analyzer())
            .createBooleanQuery(IndexFields.CONTENTS, request.query());
    if (terms == null) {
      return List.of(); // only stop words: the dense leg still understands the query
    }
    Query query = terms;
    if (filter != null) {
      query =
          new BooleanQuery.Builder()
              .add(terms, BooleanClause.Occur.MUST)
              .add(filter, BooleanClause.Occur.FILTER)
              .build();
    }
    return hits(searcher.search(query, n), score -> score);
  }

  private List<Hit> knn(IndexSearcher searcher, float[] vector, Query filter, int n)
      throws IOException {
    TopDocs top =
        searcher.search(new KnnFloatVectorQuery(IndexFields.VECTOR, vector, n, filter), n);
    if (index.settings().vectorFormat() == VectorFormat.FLOAT32) {
      // Lucene scores a dot product as (1 + cos) / 2; report the cosine itself.
      return hits(top, score -> 2 * score - 1);
    }
    return rescore(searcher, top, vector);
  }

  /**
   * Int8 graphs score candidates on quantized vectors; the float vectors are still on disk, so the
   * candidates are re-scored exactly (an exact cosine ranks and fuses better).
   */
  private static List<Hit> rescore(IndexSearcher searcher, TopDocs top, float[] query)
      throws IOException {
    List<Hit> hits = new ArrayList<>(top.scoreDocs.length);
    for (ScoreDoc sd : top.scoreDocs) {
      float[] stored = PassageReader.vector(searcher, sd.doc);
      hits.add(new Hit(sd.doc, VectorUtil.dotProduct(query, stored)));
    }
    hits.sort((a, b) -> Float.compare(b.score(), a.score()));
    return hits;
  }

  private interface ScoreMap {
    float apply(float score);
  }

  private static List<Hit> hits(TopDocs top, ScoreMap map) {
    List<Hit> hits = new ArrayList<>(top.scoreDocs.length);
    for (ScoreDoc sd : top.scoreDocs) {
      hits.add(new Hit(sd.doc, map.apply(sd.score)));
    }
    return hits;
  }

  private List<FusedHit> diversify(IndexSearcher searcher, List<FusedHit> fused, int k)
      throws IOException {
    float[] relevance = new float[fused.size()];
    float[][] vectors = new float[fused.size()][];
    for (int i = 0; i < fused.size(); i++) {
      relevance[i] = fused.get(i).score();
      vectors[i] = PassageReader.vector(searcher, fused.get(i).doc());
    }
    List<FusedHit> picked = new ArrayList<>();
    for (int i : Mmr.select(relevance, vectors, k, settings.mmrLambda())) {
      picked.add(fused.get(i));
    }
    return picked;
  }

  private static List<Passage> load(
      IndexSearcher searcher, List<FusedHit> fused, SearchRequest request) throws IOException {
    StoredFields stored = searcher.storedFields();
    List<Passage> passages = new ArrayList<>(Math.min(request.k(), fused.size()));
    for (FusedHit hit : fused.subList(0, Math.min(request.k(), fused.size()))) {
      float score =
          switch (request.mode()) {
            case BM25 -> hit.bm25().score();
            case DENSE -> hit.dense().score();
            case HYBRID -> hit.score();
          };
      passages.add(PassageReader.passage(searcher, stored, hit, score));
    }
    return passages;
  }

  public KnowledgeIndex index() {
    return index;
  }

  public RetrievalSettings settings() {
    return settings;
  }
}
