package dev.quarry.retriever.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.retriever.RetrieverException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Golden end-to-end run of {@code ./quarry eval} on a three-document BEIR fixture. */
class EvalCommandTest {

  @Test
  void should_read_only_judged_queries_when_loading_a_beir_dataset() throws Exception {
    BeirDataset data = BeirDataset.read(tiny(), "test");

    assertThat(data.corpus()).hasSize(3);
    assertThat(data.queries()).containsOnlyKeys("q1", "q2", "q3");
    assertThat(data.qrels().get("q1")).containsEntry("d1", 1);
  }

  @Test
  void should_print_table_and_json_with_perfect_scores_when_queries_are_easy() throws Exception {
    // given
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    PrintStream original = System.out;

    // when
    int exit;
    try {
      System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
      exit = new CommandLine(new EvalCommand()).execute(tiny().toString(), "--json");
    } finally {
      System.setOut(original);
    }

    // then
    String out = buffer.toString(StandardCharsets.UTF_8);
    assertThat(exit).isZero();
    assertThat(out).contains("nDCG@10").contains("hybrid").contains("p50");
    String[] lines = out.strip().split("\n");
    JsonNode json = new ObjectMapper().readTree(lines[lines.length - 1]);
    assertThat(json.get("dataset").asText()).isEqualTo("beir-tiny");
    assertThat(json.get("queries").asInt()).isEqualTo(3);
    for (String mode : new String[] {"bm25", "dense", "hybrid"}) {
      JsonNode m = json.get("modes").get(mode);
      assertThat(m.get("ndcg@10").asDouble()).as(mode).isCloseTo(1.0, within(1e-9));
      assertThat(m.get("recall@100").asDouble()).as(mode).isEqualTo(1.0);
      assertThat(m.get("mrr@10").asDouble()).as(mode).isEqualTo(1.0);
    }
    assertThat(json.get("indexing").get("chunks").asInt()).isEqualTo(3);
    assertThat(json.get("indexing").get("seconds").asDouble()).isPositive();
    assertThat(json.get("indexing").get("embed_seconds").asDouble()).isPositive();
    assertThat(json.get("latency_ms").get("p50").asDouble()).isPositive();
    assertThat(json.get("latency_ms").get("p99").asDouble())
        .isGreaterThanOrEqualTo(json.get("latency_ms").get("p50").asDouble());
  }

  @Test
  void should_write_a_pinned_regression_file_when_expectations_out_is_given(@TempDir Path out)
      throws Exception {
    // given
    Path file = out.resolve("beir-tiny.properties");
    PrintStream original = System.out;

    // when
    int exit;
    try {
      System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
      exit =
          new CommandLine(new EvalCommand())
              .execute(tiny().toString(), "--expectations-out", file.toString());
    } finally {
      System.setOut(original);
    }

    // then
    assertThat(exit).isZero();
    RegressionExpectations pinned =
        RegressionExpectations.read(Files.newInputStream(file), file.toString());
    assertThat(pinned.dataset()).isEqualTo("beir-tiny");
    assertThat(pinned.tolerance()).isEqualTo(RegressionExpectations.DEFAULT_TOLERANCE);
    assertThat(pinned.figures()).containsOnlyKeys(RegressionExpectations.FIGURES.keySet());
    assertThat(pinned.figures().values()).containsOnly(1.0);
  }

  @Test
  void should_name_the_missing_file_when_directory_is_not_a_beir_dataset(@TempDir Path empty) {
    assertThatThrownBy(() -> BeirDataset.read(empty, "test"))
        .isInstanceOf(RetrieverException.class)
        .hasMessageContaining("corpus.jsonl")
        .hasMessageContaining(empty.toString());
  }

  @TempDir static Path datasets;

  /** A three-document BEIR dataset, written by the test (datasets are never committed). */
  private static Path tiny() throws IOException {
    Path dir = datasets.resolve("beir-tiny");
    Files.createDirectories(dir.resolve("qrels"));
    Files.writeString(
        dir.resolve("corpus.jsonl"),
        doc(
                "d1",
                "Vitamin D and bone health",
                "Vitamin D increases calcium absorption in the gut"
                    + " and supports bone mineral density in older adults.")
            + doc(
                "d2",
                "Sleep and memory",
                "Slow-wave sleep consolidates declarative memories;"
                    + " students deprived of sleep recalled fewer word pairs.")
            + doc(
                "d3",
                "Exercise and the heart",
                "Regular aerobic exercise lowers resting heart"
                    + " rate and blood pressure in adults with hypertension."));
    Files.writeString(
        dir.resolve("queries.jsonl"),
        doc("q1", null, "Does vitamin D help bones absorb calcium?")
            + doc("q2", null, "Lack of sleep impairs remembering word pairs.")
            + doc("q3", null, "Aerobic training reduces blood pressure.")
            + doc("q4", null, "A query without judgements is ignored."));
    Files.writeString(
        dir.resolve("qrels").resolve("test.tsv"),
        "query-id\tcorpus-id\tscore\nq1\td1\t1\nq2\td2\t1\nq3\td3\t1\n");
    return dir;
  }

  /** One jsonl line; queries have no title. */
  private static String doc(String id, String title, String text) {
    return "{\"_id\": \""
        + id
        + (title == null ? "" : "\", \"title\": \"" + title)
        + "\", \"text\": \""
        + text
        + "\"}\n";
  }
}
