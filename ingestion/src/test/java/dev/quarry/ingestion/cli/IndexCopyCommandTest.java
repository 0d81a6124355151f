package dev.quarry.ingestion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ./quarry index copy} refuses what it cannot do before it touches anything. (The copy
 * itself is {@code ChunkIndexCopyTest}'s, on a real OpenSearch cluster.)
 */
class IndexCopyCommandTest {

  @TempDir Path data;

  private int run(StringWriter err, String... args) {
    CommandLine cli = new CommandLine(new IndexCopyCommand());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void should_refuse_to_copy_a_knowledge_base_that_has_no_embedded_index() {
    StringWriter err = new StringWriter();

    int code =
        run(
            err,
            "--kb",
            "missing",
            "--to",
            "opensearch",
            "--opensearch-url",
            "http://127.0.0.1:9",
            "--data-dir",
            data.toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("No embedded index of 'missing'");
  }

  @Test
  void should_name_the_engines_when_the_target_is_unknown() {
    StringWriter err = new StringWriter();

    int code = run(err, "--kb", "kb", "--to", "elastic", "--opensearch-url", "http://x:9200");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("EMBEDDED, OPENSEARCH");
  }

  @Test
  void should_refuse_a_knowledge_base_name_that_could_escape_the_data_directory() {
    StringWriter err = new StringWriter();

    int code =
        run(
            err,
            "--kb",
            "../etc",
            "--to",
            "opensearch",
            "--opensearch-url",
            "http://127.0.0.1:9",
            "--data-dir",
            data.toString());

    assertThat(code).isNotZero();
    assertThat(err.toString()).contains("Invalid knowledge base name");
  }
}
