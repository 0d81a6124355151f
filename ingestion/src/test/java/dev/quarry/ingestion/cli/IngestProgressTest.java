package dev.quarry.ingestion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.ingestion.pipeline.IngestResult;
import dev.quarry.ingestion.pipeline.IngestResult.Status;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class IngestProgressTest {

  private static IngestResult ingested(String id, int chunks) {
    return IngestResult.done(id, id, Status.INGESTED, 1, chunks, null);
  }

  @Test
  void should_end_with_every_file_and_chunk_counted() {
    // given: progress written to a log, not a terminal
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    // when
    try (IngestProgress progress =
        new IngestProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, 2)) {
      progress.onResult(ingested("a", 3));
      progress.onResult(ingested("b", 4));
    }

    // then: plain lines, the last one complete
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out).doesNotContain("\r").contains("Ingesting").contains("100%");
    String last = out.strip().lines().reduce((a, b) -> b).orElseThrow();
    assertThat(last).contains("2/2").contains("7 chunks");
  }

  @Test
  void should_count_failed_and_unchanged_files_but_not_their_chunks() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    try (IngestProgress progress =
        new IngestProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, 3)) {
      progress.onResult(ingested("a", 5));
      progress.onResult(IngestResult.done("b", "b", Status.UNCHANGED, 1, 9, null));
      progress.onResult(IngestResult.failed("c", "c", "damaged", false, null));
    }

    String last =
        bytes.toString(StandardCharsets.UTF_8).strip().lines().reduce((a, b) -> b).orElseThrow();
    assertThat(last).contains("3/3").contains("5 chunks");
  }
}
