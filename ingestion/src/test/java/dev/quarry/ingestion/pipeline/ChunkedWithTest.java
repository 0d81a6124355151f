package dev.quarry.ingestion.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.ingestion.chunk.ChunkingSettings;
import org.junit.jupiter.api.Test;

class ChunkedWithTest {

  @Test
  void should_read_back_what_it_records() {
    ChunkedWith made = new ChunkedWith(new ChunkingSettings(300, 50), "bge-small-en-v1.5-q");

    assertThat(made).hasToString("300/50 bge-small-en-v1.5-q");
    assertThat(ChunkedWith.parse(made.toString())).contains(made);
  }

  @Test
  void should_read_nothing_from_a_value_it_did_not_record() {
    assertThat(ChunkedWith.parse(null)).isEmpty();
    assertThat(ChunkedWith.parse("300-50 bge")).isEmpty();
    assertThat(ChunkedWith.parse("10/50 bge")).isEmpty(); // settings no chunker accepts
  }
}
