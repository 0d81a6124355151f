package dev.quarry.retriever.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.retriever.SharedDatasets;
import dev.quarry.retriever.SharedEmbedder;
import dev.quarry.retriever.eval.RegressionExpectations.Shortfall;
import dev.quarry.retriever.index.IndexSettings;
import dev.quarry.retriever.index.KnowledgeIndex;
import dev.quarry.retriever.search.RetrievalSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pinned retrieval regression: SciFact indexed with the default settings (as {@code ./quarry
 * eval} does), every test query run in BM25, dense and hybrid mode, and each figure of {@code
 * regression/scifact.properties} held to its value minus the file's tolerance. Skipped without
 * {@code ../shared/datasets/scifact}; it embeds 5,183 abstracts, a few minutes on two cores.
 */
class ScifactRegressionTest {

  private static final String EXPECTATIONS = "regression/scifact.properties";

  @TempDir Path indexDirectory;

  @Test
  void should_reach_every_pinned_figure_when_scifact_is_indexed_with_the_defaults() {
    // given
    Path scifact = SharedDatasets.scifactOrSkip();
    RegressionExpectations expected =
        RegressionExpectations.read(
            getClass().getClassLoader().getResourceAsStream(EXPECTATIONS), EXPECTATIONS);
    BeirDataset dataset = BeirDataset.read(scifact, "test");

    // when
    EvalReport report;
    try (KnowledgeIndex index =
        KnowledgeIndex.open(indexDirectory, IndexSettings.defaults(), SharedEmbedder.get())) {
      report = new RetrievalEvaluation(index, RetrievalSettings.defaults(), Map.of()).run(dataset);
    }
    System.out.print("SciFact regression run:\n" + RegressionExpectations.of(report, 0).format());

    // then
    assertThat(report.dataset()).isEqualTo(expected.dataset());
    List<Shortfall> shortfalls = expected.shortfalls(report);
    assertThat(shortfalls)
        .as(
            "figures below their pinned value minus the tolerance %.4f in %s",
            expected.tolerance(), EXPECTATIONS)
        .isEmpty();
  }
}
