package dev.quarry.retriever.eval;

import java.util.Map;

/**
 * Everything one evaluation run measured.
 *
 * @param dataset dataset name
 * @param queries queries evaluated
 * @param documents corpus documents indexed
 * @param modes mode name → scores, in run order
 * @param indexing indexing figures, or {@code null} when an existing index was reused
 * @param latency one-query latency of the default hybrid search, k = 10, after warm-up
 * @param indexBytes size of the index on disk; -1 when it lives on a cluster
 * @param settings a readable summary of the settings used
 */
public record EvalReport(
    String dataset,
    int queries,
    int documents,
    Map<String, ModeScores> modes,
    Indexing indexing,
    Latency latency,
    long indexBytes,
    String settings) {

  /** Averages over all queries. */
  public record ModeScores(double ndcg10, double recall10, double recall100, double mrr10) {}

  /**
   * @param chunks chunks indexed
   * @param tokens tokens the embedding model processed
   * @param seconds wall time of the whole indexing, commits included
   * @param embedSeconds of which inside the embedding model
   */
  public record Indexing(int chunks, long tokens, double seconds, double embedSeconds) {
    public double ratio() {
      return seconds / embedSeconds;
    }

    public double tokensPerSecond() {
      return tokens / embedSeconds;
    }
  }

  /**
   * Milliseconds.
   *
   * @param p50 median of the whole search, as the caller sees it
   * @param p99 99th percentile of the whole search
   * @param mean mean of the whole search
   * @param medians median of each part of the search, to show where the time goes
   */
  public record Latency(double p50, double p99, double mean, Parts medians) {}

  /**
   * Milliseconds per part of one search.
   *
   * @param embed embedding the query
   * @param legs both retrieval legs, BM25 and kNN (with int8 re-scoring), in one call to the index
   * @param fuse fusing the two legs
   * @param rest the rest: filters and loading the passages
   */
  public record Parts(double embed, double legs, double fuse, double rest) {}
}
