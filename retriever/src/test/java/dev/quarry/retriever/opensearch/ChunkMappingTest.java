package dev.quarry.retriever.opensearch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Derived source, asked of a cluster where it is experimental, is warned about naming why. */
class ChunkMappingTest {

  @Test
  void should_warn_of_derived_source_on_a_cluster_before_3_0() {
    assertThat(ChunkMapping.derivedSourceConcern("2.19.1"))
        .hasValueSatisfying(
            warning ->
                assertThat(warning)
                    .contains("quarry.opensearch.derived-source")
                    .contains("OpenSearch 2.19.1")
                    .contains("k-NN issue 2625")
                    .contains("3.0 or later"));
  }

  @Test
  void should_not_warn_of_derived_source_on_3_0_and_later() {
    assertThat(ChunkMapping.derivedSourceConcern("3.0.0")).isEmpty();
    assertThat(ChunkMapping.derivedSourceConcern("3.2.0")).isEmpty();
    assertThat(ChunkMapping.derivedSourceConcern("10.1.0")).isEmpty();
  }

  @Test
  void should_not_guess_about_a_version_it_cannot_read() {
    assertThat(ChunkMapping.derivedSourceConcern("")).isEmpty();
    assertThat(ChunkMapping.derivedSourceConcern("unknown")).isEmpty();
  }
}
