package dev.quarry.ingestion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.ingestion.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Runs the real command (real Tika, real model, real index) on a small folder. */
class IngestCommandTest {

  @TempDir Path dir;

  private record Run(int exitCode, String out) {}

  private Run ingest(String... args) {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      int code = new CommandLine(new IngestCommand()).execute(args);
      return new Run(code, captured.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(original);
    }
  }

  @Test
  void should_ingest_then_report_unchanged_and_failures_when_run_twice() throws IOException {
    // given
    Path docs = Files.createDirectories(dir.resolve("docs"));
    Files.writeString(docs.resolve("guide.md"), "# Guide\n\nBoil the kettle before pouring.\n");
    Files.write(
        docs.resolve("report.pdf"), Fixtures.pdf("Report", List.of(List.of("Sales rose."))));
    Files.write(docs.resolve("empty.txt"), new byte[0]);
    String data = dir.resolve("data").toString();

    // when
    Run first = ingest(docs.toString(), "--kb", "team-docs", "--data-dir", data);
    Run second =
        ingest(docs.toString(), "--kb", "team-docs", "--data-dir", data, "--exclude", "empty*");

    // then
    assertThat(first.exitCode()).isEqualTo(1);
    assertThat(first.out())
        .contains(
            "2 ingested", "1 failed", "FAILED " + docs.resolve("empty.txt"), "empty (0 bytes)")
        .contains("3/3 files", "files/s", "chunks");
    assertThat(second.exitCode()).isZero();
    assertThat(second.out()).contains("0 ingested", "2 unchanged", "0 failed");
    assertThat(dir.resolve("data/indexes/team-docs")).isDirectory();
  }

  @Test
  void should_rechunk_unchanged_files_when_the_chunk_settings_change() throws IOException {
    // given a folder ingested with the default chunk settings
    Path docs = Files.createDirectories(dir.resolve("docs"));
    StringBuilder text = new StringBuilder("# Kiln\n\n");
    for (int i = 0; i < 40; i++) {
      text.append("Step ").append(i).append(": open the damper and wait for the glaze. ");
    }
    Files.writeString(docs.resolve("kiln.md"), text);
    String data = dir.resolve("data").toString();
    ingest(docs.toString(), "--kb", "kilns", "--data-dir", data);

    // when the same bytes come again with other chunk settings, then once more with those
    Run rechunked =
        ingest(
            docs.toString(),
            "--kb",
            "kilns",
            "--data-dir",
            data,
            "--target-tokens",
            "64",
            "--overlap-tokens",
            "0");
    Run again =
        ingest(
            docs.toString(),
            "--kb",
            "kilns",
            "--data-dir",
            data,
            "--target-tokens",
            "64",
            "--overlap-tokens",
            "0");

    // then the settings change re-chunks the file, and the next run finds it unchanged
    assertThat(rechunked.exitCode()).isZero();
    assertThat(rechunked.out()).contains("1 ingested", "0 unchanged");
    assertThat(again.out()).contains("0 ingested", "1 unchanged");
  }

  @Test
  void should_refuse_when_the_knowledge_base_name_is_invalid() {
    int code =
        new CommandLine(new IngestCommand())
            .setErr(new java.io.PrintWriter(new java.io.StringWriter()))
            .execute(dir.toString(), "--kb", "../escape", "--data-dir", dir.toString());

    assertThat(code).isEqualTo(2);
  }
}
