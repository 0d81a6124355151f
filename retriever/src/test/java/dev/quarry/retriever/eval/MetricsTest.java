package dev.quarry.retriever.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsTest {

  // Two relevant documents, a and b; the ranking finds a at rank 2 and b at rank 4.
  private static final Map<String, Integer> QRELS = Map.of("a", 1, "b", 1, "z", 0);
  private static final List<String> RANKING = List.of("x", "a", "z", "b", "y");

  @Test
  void should_compute_ndcg_by_hand_when_relevant_documents_are_ranked_lower() {
    // DCG = 1/log2(3) + 1/log2(5) = 0.63093 + 0.43068; IDCG = 1 + 1/log2(3) = 1.63093
    double expected = (1 / log2(3) + 1 / log2(5)) / (1 + 1 / log2(3));

    assertThat(Metrics.ndcg(RANKING, QRELS, 10)).isCloseTo(expected, within(1e-12));
    assertThat(expected).isCloseTo(0.65092, within(1e-5));
  }

  @Test
  void should_cut_ndcg_at_k_when_relevant_documents_lie_deeper() {
    // only a (rank 2) is inside the top 3
    double expected = (1 / log2(3)) / (1 + 1 / log2(3));

    assertThat(Metrics.ndcg(RANKING, QRELS, 3)).isCloseTo(expected, within(1e-12));
  }

  @Test
  void should_use_graded_gains_when_qrels_have_grades() {
    // given grades 2 and 1; the ranking puts the grade-1 document first
    Map<String, Integer> graded = Map.of("a", 2, "b", 1);
    List<String> ranking = List.of("b", "a");

    // then DCG = 1/1 + 2/log2(3), IDCG = 2/1 + 1/log2(3)
    double expected = (1 + 2 / log2(3)) / (2 + 1 / log2(3));
    assertThat(Metrics.ndcg(ranking, graded, 10)).isCloseTo(expected, within(1e-12));
  }

  @Test
  void should_compute_recall_when_half_of_the_relevant_documents_are_found() {
    assertThat(Metrics.recall(RANKING, QRELS, 3)).isEqualTo(0.5);
    assertThat(Metrics.recall(RANKING, QRELS, 100)).isEqualTo(1.0);
  }

  @Test
  void should_compute_mrr_from_first_relevant_rank() {
    assertThat(Metrics.mrr(RANKING, QRELS, 10)).isEqualTo(0.5);
    assertThat(Metrics.mrr(RANKING, QRELS, 1)).isZero();
  }

  @Test
  void should_score_zero_when_nothing_is_retrieved_or_relevant() {
    assertThat(Metrics.ndcg(List.of(), QRELS, 10)).isZero();
    assertThat(Metrics.recall(RANKING, Map.of("q", 0), 10)).isZero();
    assertThat(Metrics.ndcg(RANKING, Map.of(), 10)).isZero();
  }

  @Test
  void should_score_perfect_ranking_as_one() {
    assertThat(Metrics.ndcg(List.of("a", "b", "x"), QRELS, 10)).isCloseTo(1.0, within(1e-12));
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }
}
