package dev.quarry.retriever.opensearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.retriever.IndexUnavailableException;
import dev.quarry.retriever.RetrieverException;
import dev.quarry.retriever.SharedEmbedder;
import dev.quarry.retriever.index.IndexSettings;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Wrong OpenSearch settings are refused naming what is wrong; no cluster is no crash. */
class OpenSearchSettingsTest {

  private static final URI HOST = URI.create("http://127.0.0.1:9200");

  private static OpenSearchSettings settings(
      List<URI> hosts, String user, String password, int shards, int replicas, String prefix) {
    return new OpenSearchSettings(
        hosts, user, password, shards, replicas, prefix, Duration.ofSeconds(30));
  }

  @Test
  void should_refuse_each_wrong_setting_naming_it() {
    assertThatThrownBy(() -> settings(List.of(), null, null, 1, 1, "quarry-"))
        .hasMessageContaining("at least one OpenSearch host");
    assertThatThrownBy(
            () -> settings(List.of(URI.create("ftp://os:21")), null, null, 1, 1, "quarry-"))
        .hasMessageContaining("http:// or https://");
    assertThatThrownBy(() -> settings(List.of(HOST), "admin", null, 1, 1, "quarry-"))
        .hasMessageContaining("both a user name and a password");
    assertThatThrownBy(() -> settings(List.of(HOST), null, null, 0, 1, "quarry-"))
        .hasMessageContaining("shards must be at least 1");
    assertThatThrownBy(() -> settings(List.of(HOST), null, null, 1, -1, "quarry-"))
        .hasMessageContaining("replicas must be 0 or more");
    assertThatThrownBy(() -> settings(List.of(HOST), null, null, 1, 1, "Quarry!"))
        .hasMessageContaining("index prefix");
    assertThatThrownBy(
            () -> new OpenSearchSettings(List.of(HOST), null, null, 1, 1, "quarry-", Duration.ZERO))
        .hasMessageContaining("timeout must be positive");
  }

  @Test
  void should_name_a_knowledge_base_index_in_lower_case_after_the_prefix() {
    assertThat(OpenSearchChunkIndex.indexName(OpenSearchSettings.local(HOST), "Kb_1"))
        .isEqualTo("quarry-kb_1");
    assertThatThrownBy(
            () -> OpenSearchChunkIndex.indexName(OpenSearchSettings.local(HOST), "../etc"))
        .hasMessageContaining("Invalid knowledge base name");
  }

  @Test
  void should_be_unavailable_and_retryable_and_not_ready_when_no_cluster_answers()
      throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    OpenSearchSettings nowhere =
        new OpenSearchSettings(
            List.of(URI.create("http://127.0.0.1:" + closed)),
            null,
            null,
            1,
            0,
            "quarry-",
            Duration.ofSeconds(5));
    try (OpenSearchIndexes indexes =
        new OpenSearchIndexes(nowhere, IndexSettings.defaults(), SharedEmbedder.get())) {
      assertThatThrownBy(() -> indexes.openOrCreate("kb"))
          .isInstanceOf(IndexUnavailableException.class)
          .matches(e -> ((RetrieverException) e).retryable(), "retryable")
          .hasMessageContaining("127.0.0.1:" + closed);
      assertThat(indexes.problem()).get().asString().contains("127.0.0.1:" + closed);
    }
  }
}
