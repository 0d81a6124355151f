package dev.quarry.retriever.eval;

import java.util.List;
import java.util.Map;

/**
 * Ranking metrics as trec_eval (and so BEIR) computes them for one query. A ranking is a list of
 * document ids, best first, without duplicates; qrels map a document id to its relevance grade, and
 * grades above 0 count as relevant.
 */
public final class Metrics {

  private Metrics() {}

  /**
   * Normalised discounted cumulative gain at k: gain = grade, discount = log2(rank + 1), divided by
   * the DCG of the ideal ranking of the judged documents. 0 when no document is relevant.
   */
  public static double ndcg(List<String> ranking, Map<String, Integer> qrels, int k) {
    double dcg = 0;
    for (int i = 0; i < Math.min(k, ranking.size()); i++) {
      int grade = qrels.getOrDefault(ranking.get(i), 0);
      if (grade > 0) {
        dcg += grade / log2(i + 2);
      }
    }
    int[] ideal =
        qrels.values().stream()
            .filter(g -> g > 0)
            .sorted((a, b) -> b - a)
            .mapToInt(Integer::intValue)
            .toArray();
    double idcg = 0;
    for (int i = 0; i < Math.min(k, ideal.length); i++) {
      idcg += ideal[i] / log2(i + 2);
    }
    return idcg == 0 ? 0 : dcg / idcg;
  }

  /** Share of the relevant documents found in the top k; 0 when none is relevant. */
  public static double recall(List<String> ranking, Map<String, Integer> qrels, int k) {
    long relevant = qrels.values().stream().filter(g -> g > 0).count();
    if (relevant == 0) {
      return 0;
    }
    long found =
        ranking.subList(0, Math.min(k, ranking.size())).stream()
            .filter(id -> qrels.getOrDefault(id, 0) > 0)
            .count();
    return (double) found / relevant;
  }

  /** 1 / rank of the first relevant document within the top k, else 0. */
  public static double mrr(List<String> ranking, Map<String, Integer> qrels, int k) {
    for (int i = 0; i < Math.min(k, ranking.size()); i++) {
      if (qrels.getOrDefault(ranking.get(i), 0) > 0) {
        return 1.0 / (i + 1);
      }
    }
    return 0;
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }
}
