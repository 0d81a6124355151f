package dev.quarry.retriever.opensearch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.retriever.SharedEmbedder;
import dev.quarry.retriever.index.Chunk;
import dev.quarry.retriever.index.ChunkIndex;
import dev.quarry.retriever.index.ChunkIndexContract;
import dev.quarry.retriever.index.IndexSettings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.opensearch.generic.Response;

/**
 * The index contract on OpenSearch: a real 2-node OpenSearch 2.19.1 cluster with the k-NN plugin
 * ({@code ./quarry opensearch-dev}), each knowledge base index 2 shards × 1 replica. Runs when the
 * opensearch-dev module is built beside this one (as in {@code mvn verify} from the top); CI
 * requires it ({@code QUARRY_REQUIRE_OPENSEARCH}).
 */
class OpenSearchChunkIndexTest extends ChunkIndexContract {

  private static OpenSearchConnection connection;
  private static int indexes;

  private String kb;

  @BeforeAll
  static void connect() throws Exception {
    connection = SharedCluster.connect();
  }

  @AfterAll
  static void disconnect() {
    if (connection != null) {
      connection.close();
    }
  }

  @Override
  protected ChunkIndex create(IndexSettings settings) {
    kb = "contract-" + (++indexes);
    return OpenSearchChunkIndex.open(connection, kb, settings, SharedEmbedder.get());
  }

  @Override
  protected ChunkIndex reopen(IndexSettings settings) {
    return OpenSearchChunkIndex.open(connection, kb, settings, SharedEmbedder.get());
  }

  @Test
  void should_take_the_model_and_dimension_of_an_existing_index_from_its_manifest() {
    // given an index created with all-MiniLM-L6-v2 holding one chunk
    String name = "model-" + (++indexes);
    try (OpenSearchChunkIndex created =
        OpenSearchChunkIndex.open(
            connection,
            name,
            IndexSettings.defaults(),
            SharedEmbedder.models(),
            "all-minilm-l6-v2-q")) {
      created.replace("doc", 1, List.of(Chunk.ofText(0, "Bones", "Vitamin D strengthens bones.")));
    }

    // when it is opened again by a caller whose new indexes get the default model
    try (OpenSearchChunkIndex reopened =
        OpenSearchChunkIndex.open(
            connection,
            name,
            IndexSettings.defaults(),
            SharedEmbedder.models(),
            SharedEmbedder.models().defaultName())) {
      // then it embeds with its own model, with that model's dimension, and finds the chunk
      assertThat(reopened.manifest().model()).isEqualTo("all-minilm-l6-v2-q");
      assertThat(reopened.manifest().dimension()).isEqualTo(384);
      assertThat(reopened.embedder().info().name()).isEqualTo("all-minilm-l6-v2-q");
      assertThat(reopened.document("doc")).isPresent();
    } finally {
      OpenSearchChunkIndex.drop(connection, name);
    }
  }

  @Test
  void should_create_an_index_that_keeps_few_segments_so_that_knn_walks_few_graphs()
      throws Exception {
    // given
    String name = "merge-" + (++indexes);
    try (OpenSearchChunkIndex created =
        OpenSearchChunkIndex.open(
            connection, name, IndexSettings.defaults(), SharedEmbedder.get())) {
      // when
      JsonNode settings;
      try (Response r =
          connection
              .client()
              .generic()
              .execute(
                  Requests.builder()
                      .method("GET")
                      .endpoint("/quarry-" + name + "/_settings")
                      .query(Map.of("flat_settings", "true"))
                      .build())) {
        settings = new ObjectMapper().readTree(r.getBody().orElseThrow().bodyAsString());
      }

      // then
      assertThat(
              settings
                  .path("quarry-" + name)
                  .path("settings")
                  .path("index.merge.policy.segments_per_tier")
                  .asText())
          .isEqualTo(Integer.toString(ChunkMapping.SEGMENTS_PER_TIER));
    } finally {
      OpenSearchChunkIndex.drop(connection, name);
    }
  }
}
