package dev.quarry.retriever.eval;

import dev.quarry.retriever.embed.OnnxBertEmbedder;
import dev.quarry.retriever.eval.BeirDataset.CorpusDocument;
import dev.quarry.retriever.eval.EvalReport.Indexing;
import dev.quarry.retriever.eval.EvalReport.Latency;
import dev.quarry.retriever.eval.EvalReport.ModeScores;
import dev.quarry.retriever.eval.EvalReport.Parts;
import dev.quarry.retriever.index.ChunkIndex;
import dev.quarry.retriever.index.DocumentChunks;
import dev.quarry.retriever.index.IndexChange;
import dev.quarry.retriever.index.KnowledgeIndex;
import dev.quarry.retriever.search.HybridRetriever;
import dev.quarry.retriever.search.Passage;
import dev.quarry.retriever.search.RetrievalSettings;
import dev.quarry.retriever.search.SearchMode;
import dev.quarry.retriever.search.SearchRequest;
import dev.quarry.retriever.search.SearchTimings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a BEIR dataset through a real index:
 *
 * <ol>
 *   <li>split each corpus document into chunks that fit the model window;
 *   <li>index them in batches, timing the whole and the part inside the embedding model;
 *   <li>run every query in each mode (BM25, dense, hybrid and any extra fusions), ranking documents
 *       by their best chunk, and score the rankings;
 *   <li>time the default hybrid search (k = 10) once more, after that warm-up.
 * </ol>
 */
public final class RetrievalEvaluation {

  private static final Logger LOG = LoggerFactory.getLogger(RetrievalEvaluation.class);

  /** Documents per indexing call: large batches keep the embedder's workers busy. */
  static final int INDEX_BATCH = 512;

  /** Depth of every ranking: Recall@100 is the deepest metric. */
  static final int DEPTH = 100;

  private final ChunkIndex index;
  private final RetrievalSettings settings;
  private final Map<String, RetrievalSettings> extraHybrids;

  /**
   * @param index an empty index to fill (embedded, or on OpenSearch)
   * @param settings the hybrid settings under test (mode "hybrid")
   * @param extraHybrids further hybrid variants to score, by mode name (may be empty)
   */
  public RetrievalEvaluation(
      ChunkIndex index, RetrievalSettings settings, Map<String, RetrievalSettings> extraHybrids) {
    this.index = index;
    this.settings = settings;
    this.extraHybrids = extraHybrids;
  }

  /**
   * Indexes the corpus (unless the index already holds it: then indexing figures are {@code null})
   * and measures.
   */
  public EvalReport run(BeirDataset dataset) {
    Indexing indexing = index.chunkCount() == 0 ? indexCorpus(dataset.corpus()) : null;
    Map<String, ModeScores> modes = new LinkedHashMap<>();
    HybridRetriever retriever = new HybridRetriever(index, settings);
    modes.put("bm25", score(dataset, retriever, SearchMode.BM25));
    modes.put("dense", score(dataset, retriever, SearchMode.DENSE));
    modes.put("hybrid", score(dataset, retriever, SearchMode.HYBRID));
    extraHybrids.forEach(
        (name, s) ->
            modes.put(name, score(dataset, new HybridRetriever(index, s), SearchMode.HYBRID)));
    // Steady state: background merges left over from indexing would compete for the CPU.
    if (index instanceof KnowledgeIndex embedded) {
      embedded.awaitMerges();
    }
    Latency latency = latency(dataset, retriever);
    return new EvalReport(
        dataset.name(),
        dataset.queries().size(),
        dataset.corpus().size(),
        modes,
        indexing,
        latency,
        index instanceof KnowledgeIndex embedded ? embedded.sizeOnDisk() : -1,
        index.settings() + ", " + settings.fusion() + ", candidates=" + settings.candidates());
  }

  private Indexing indexCorpus(List<CorpusDocument> corpus) {
    PassageSplitter splitter = new PassageSplitter(index.embedder());
    long started = System.nanoTime();
    long embedNanos = 0;
    int chunks = 0;
    long tokens = 0;
    for (int from = 0; from < corpus.size(); from += INDEX_BATCH) {
      List<DocumentChunks> batch = new ArrayList<>();
      for (CorpusDocument d : corpus.subList(from, Math.min(corpus.size(), from + INDEX_BATCH))) {
        batch.add(new DocumentChunks(d.id(), 1, splitter.split(d.title(), d.text())));
      }
      IndexChange change = index.replaceAll(batch);
      embedNanos += change.embedNanos();
      chunks += change.chunksAdded();
      tokens += modelTokens(batch);
      LOG.info(
          "Indexed {}/{} documents", Math.min(corpus.size(), from + INDEX_BATCH), corpus.size());
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    return new Indexing(chunks, tokens, seconds, embedNanos / 1e9);
  }

  // Counted after timing (outside the measured window), for the tokens/s figure.
  private long modelTokens(List<DocumentChunks> batch) {
    if (!(index.embedder() instanceof OnnxBertEmbedder bert)) {
      return 0;
    }
    List<String> texts = new ArrayList<>();
    batch.forEach(d -> d.chunks().forEach(c -> texts.add(c.contextualText())));
    return bert.modelTokens(texts).stream().mapToLong(Integer::longValue).sum();
  }

  private ModeScores score(BeirDataset dataset, HybridRetriever retriever, SearchMode mode) {
    double ndcg = 0;
    double r10 = 0;
    double r100 = 0;
    double mrr = 0;
    for (Map.Entry<String, String> q : dataset.queries().entrySet()) {
      List<String> ranking = documentRanking(retriever, q.getValue(), mode);
      Map<String, Integer> qrels = dataset.qrels().get(q.getKey());
      ndcg += Metrics.ndcg(ranking, qrels, 10);
      r10 += Metrics.recall(ranking, qrels, 10);
      r100 += Metrics.recall(ranking, qrels, 100);
      mrr += Metrics.mrr(ranking, qrels, 10);
    }
    int n = dataset.queries().size();
    return new ModeScores(ndcg / n, r10 / n, r100 / n, mrr / n);
  }

  /** Documents ranked by their best chunk. */
  static List<String> documentRanking(HybridRetriever retriever, String query, SearchMode mode) {
    SearchRequest request = SearchRequest.of(query, DEPTH).withMode(mode);
    Set<String> ranking = new LinkedHashSet<>();
    for (Passage p : retriever.search(request).passages()) {
      ranking.add(p.documentId());
    }
    return new ArrayList<>(ranking);
  }

  private static Latency latency(BeirDataset dataset, HybridRetriever retriever) {
    List<String> queries = new ArrayList<>(dataset.queries().values());
    int n = queries.size();
    long[] nanos = new long[n];
    long[][] parts = new long[4][n]; // embed, legs, fuse, rest
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      SearchTimings t = retriever.search(SearchRequest.of(queries.get(i), 10)).timings();
      nanos[i] = System.nanoTime() - t0;
      parts[0][i] = t.embedNanos();
      parts[1][i] = t.legsNanos();
      parts[2][i] = t.fuseNanos();
      parts[3][i] = t.totalNanos() - t.embedNanos() - t.legsNanos() - t.fuseNanos();
    }
    Percentiles p = new Percentiles(nanos);
    double mean = java.util.Arrays.stream(nanos).average().orElse(0);
    double[] medians = new double[parts.length];
    for (int j = 0; j < parts.length; j++) {
      medians[j] = new Percentiles(parts[j]).at(50) / 1e6;
    }
    return new Latency(
        p.at(50) / 1e6,
        p.at(99) / 1e6,
        mean / 1e6,
        new Parts(medians[0], medians[1], medians[2], medians[3]));
  }
}
