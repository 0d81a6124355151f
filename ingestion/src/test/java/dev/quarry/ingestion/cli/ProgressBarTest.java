package dev.quarry.ingestion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.ingestion.pipeline.IngestResult;
import dev.quarry.ingestion.pipeline.IngestResult.Status;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

  private static IngestResult ingested(String id, int chunks) {
    return IngestResult.done(id, id, Status.INGESTED, 1, chunks, null);
  }

  @Test
  void should_redraw_one_line_when_output_is_a_terminal() {
    // given
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ProgressBar bar =
        new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), true, 2);

    // when
    bar.onResult(ingested("a", 3));
    bar.onResult(ingested("b", 4));
    bar.finish();

    // then
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out).startsWith("\r[").contains("2/2 files", "7 chunks", "chunks/s", "ETA");
    assertThat(out.chars().filter(c -> c == '\n').count()).isEqualTo(1); // only finish() ends it
  }

  @Test
  void should_print_plain_lines_when_output_is_not_a_terminal() {
    // given
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ProgressBar bar =
        new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, 2);

    // when
    bar.onResult(ingested("a", 3));
    bar.onResult(ingested("b", 4));
    bar.finish();

    // then
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out).doesNotContain("\r").contains("1/2 files", "2/2 files  7 chunks");
  }
}
