package dev.quarry.retriever.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.retriever.RetrieverException;
import dev.quarry.retriever.eval.EvalReport.ModeScores;
import dev.quarry.retriever.eval.RegressionExpectations.Shortfall;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a pinned regression file is written, read back and checked against a run. */
class RegressionExpectationsTest {

  @Test
  void should_read_back_the_figures_to_four_decimals_when_a_run_is_written() {
    // given a run whose figures have more than four decimals
    EvalReport run = run(0.688149, 0.703912, 0.737949, 0.973333);

    // when
    String text = RegressionExpectations.of(run, 0.005).format();
    RegressionExpectations read = read(text);

    // then
    assertThat(read.dataset()).isEqualTo("scifact");
    assertThat(read.tolerance()).isEqualTo(0.005);
    assertThat(read.figures())
        .containsExactly(
            Map.entry("bm25.ndcg@10", 0.6881),
            Map.entry("dense.ndcg@10", 0.7039),
            Map.entry("hybrid.ndcg@10", 0.7379),
            Map.entry("hybrid.recall@100", 0.9733));
    assertThat(text).contains("hybrid.ndcg@10 = 0.7379");
  }

  @Test
  void should_pass_a_run_within_the_tolerance_and_name_each_figure_below_it() {
    // given
    RegressionExpectations pinned =
        RegressionExpectations.of(run(0.6881, 0.7039, 0.7379, 0.9733), 0.005);

    // when a run loses 0.004 in BM25 (within), 0.006 in hybrid nDCG@10 and 0.02 in R@100
    var shortfalls = pinned.shortfalls(run(0.6841, 0.7100, 0.7319, 0.9533));

    // then
    assertThat(shortfalls)
        .containsExactly(
            new Shortfall("hybrid.ndcg@10", 0.7379, 0.7319),
            new Shortfall("hybrid.recall@100", 0.9733, 0.9533));
    assertThat(pinned.shortfalls(run(0.6881, 0.7039, 0.7379, 0.9733))).isEmpty();
  }

  @Test
  void should_name_the_file_and_the_key_when_a_figure_is_missing() {
    String text = "dataset = scifact\ntolerance = 0.005\nbm25.ndcg@10 = 0.6881\n";

    assertThatThrownBy(() -> read(text))
        .isInstanceOf(RetrieverException.class)
        .hasMessageContaining("pinned.properties")
        .hasMessageContaining("dense.ndcg@10");
  }

  @Test
  void should_name_the_key_when_a_figure_is_not_a_number() {
    String text =
        RegressionExpectations.of(run(0.6881, 0.7039, 0.7379, 0.9733), 0.005)
            .format()
            .replace("hybrid.ndcg@10 = 0.7379", "hybrid.ndcg@10 = high");

    assertThatThrownBy(() -> read(text))
        .isInstanceOf(RetrieverException.class)
        .hasMessageContaining("hybrid.ndcg@10")
        .hasMessageContaining("high");
  }

  private static RegressionExpectations read(String text) {
    return RegressionExpectations.read(
        new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "pinned.properties");
  }

  private static EvalReport run(double bm25, double dense, double hybrid, double hybridR100) {
    Map<String, ModeScores> modes = new LinkedHashMap<>();
    modes.put("bm25", new ModeScores(bm25, 0.8, 0.9, 0.6));
    modes.put("dense", new ModeScores(dense, 0.8, 0.9, 0.6));
    modes.put("hybrid", new ModeScores(hybrid, 0.8, hybridR100, 0.6));
    return new EvalReport("scifact", 300, 5183, modes, null, null, 0, "defaults");
  }
}
