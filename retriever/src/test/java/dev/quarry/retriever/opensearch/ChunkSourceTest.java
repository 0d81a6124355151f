package dev.quarry.retriever.opensearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A chunk id names its document and version, and both are read back from it. */
class ChunkSourceTest {

  @ParameterizedTest
  @CsvSource({"doc, 1, 0", "a:b:c, 42, 7", "'x: y', 9007199254740993, 12", "::, 0, 3"})
  void should_read_back_the_document_and_version_a_chunk_id_was_made_of(
      String documentId, long version, int ordinal) {
    // given
    String chunkId = ChunkSource.chunkId(documentId, version, ordinal);

    // when
    NewestVersions.Version read = ChunkSource.versionOf(chunkId);

    // then
    assertThat(read).isEqualTo(new NewestVersions.Version(documentId, version));
  }

  @Test
  void should_refuse_a_string_that_is_not_a_chunk_id() {
    for (String bad : new String[] {"doc", "doc:1", ":1:0", "doc:one:0"}) {
      assertThatThrownBy(() -> ChunkSource.versionOf(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(bad);
    }
  }
}
