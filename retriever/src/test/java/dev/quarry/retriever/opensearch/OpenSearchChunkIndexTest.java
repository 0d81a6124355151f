package dev.quarry.retriever.opensearch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.retriever.SharedEmbedder;
import dev.quarry.retriever.index.Chunk;
import dev.quarry.retriever.index.ChunkFilter;
import dev.quarry.retriever.index.ChunkIndex;
import dev.quarry.retriever.index.ChunkIndexContract;
import dev.quarry.retriever.index.IndexSettings;
import dev.quarry.retriever.index.LegsRequest;
import java.util.ArrayList;
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
      String segmentsPerTier = setting(name, "index.merge.policy.segments_per_tier");

      // then
      assertThat(segmentsPerTier).isEqualTo(Integer.toString(ChunkMapping.SEGMENTS_PER_TIER));
    } finally {
      OpenSearchChunkIndex.drop(connection, name);
    }
  }

  @Test
  void should_keep_vectors_out_of_the_stored_source_when_asked_yet_give_each_back_exactly()
      throws Exception {
    // given a connection that asks for derived source (for clusters on OpenSearch 3.0 or later)
    String name = "derived-" + (++indexes);
    try (OpenSearchConnection newer =
        new OpenSearchConnection(connection.settings().withDerivedSource(true))) {
      // when
      String derived = derivedSourceOfAnIndexWhoseVectorsComeBackWhole(newer, name);

      // then the stored source leaves the vector to the k-NN field, which gives it back whole
      assertThat(derived).isEqualTo("true");
    }
  }

  @Test
  void should_keep_vectors_in_the_stored_source_and_not_name_derived_source_by_default()
      throws Exception {
    // given the default settings
    String name = "stored-" + (++indexes);

    // when
    String derived = derivedSourceOfAnIndexWhoseVectorsComeBackWhole(connection, name);

    // then the index is created without the setting (a cluster before 2.19 refuses it even as
    // false), and the vectors come back from the stored source itself
    assertThat(derived).isEmpty();
  }

  @Test
  void should_start_every_copy_of_a_new_index_before_its_first_chunks_are_written()
      throws Exception {
    // given a cluster of 2 data nodes, indexes of 2 shards x 1 replica, and replicas placed late
    // (as a busy cluster throttles their recoveries): only primaries are allocated for 3 s
    String name = "copies-" + (++indexes);
    allocate("primaries");
    Thread placesReplicasLater =
        new Thread(
            () -> {
              try {
                Thread.sleep(3000);
                allocate("all");
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    placesReplicasLater.start();

    // when a knowledge base index is opened for the first time
    try (OpenSearchChunkIndex index =
        OpenSearchChunkIndex.open(
            connection, name, IndexSettings.defaults(), SharedEmbedder.get())) {
      // then all 4 copies have started before it could be written: no replica recovers while the
      // first chunks are written
      assertThat(shardStates(name)).containsExactly("STARTED", "STARTED", "STARTED", "STARTED");
    } finally {
      placesReplicasLater.join();
      allocate("all");
      OpenSearchChunkIndex.drop(connection, name);
    }
  }

  /** Sets the cluster's {@code cluster.routing.allocation.enable}. */
  private static void allocate(String which) throws Exception {
    String body = "{\"transient\": {\"cluster.routing.allocation.enable\": \"" + which + "\"}}";
    try (Response r =
        connection
            .client()
            .generic()
            .execute(
                Requests.builder()
                    .method("PUT")
                    .endpoint("/_cluster/settings")
                    .json(body)
                    .build())) {
      assertThat(r.getStatus()).isEqualTo(200);
    }
  }

  /**
   * Writes one chunk to a new index, checks that its vector comes back exactly as written (read
   * with the legs, as MMR does, and after legs that read none), and returns the index's {@code
   * index.knn.derived_source.enabled} setting ("" when it has none).
   */
  private static String derivedSourceOfAnIndexWhoseVectorsComeBackWhole(
      OpenSearchConnection through, String name) throws Exception {
    try (OpenSearchChunkIndex index =
        OpenSearchChunkIndex.open(through, name, IndexSettings.defaults(), SharedEmbedder.get())) {
      Chunk chunk = Chunk.ofText(0, "Bones", "Vitamin D strengthens bones.");
      index.replace("doc", 1, List.of(chunk));
      float[] written = index.embedder().embedPassages(List.of(chunk.contextualText())).get(0);

      float[] withTheLegs =
          index.search(
              s ->
                  s.vector(
                      s.legs(new LegsRequest("bones", null, ChunkFilter.NONE, 1, true))
                          .bm25()
                          .get(0)
                          .doc()));
      float[] afterTheLegs =
          index.search(s -> s.vector(s.bm25("bones", ChunkFilter.NONE, 1).get(0).doc()));

      assertThat(withTheLegs).containsExactly(written);
      assertThat(afterTheLegs).containsExactly(written);
      return setting(name, "index.knn.derived_source.enabled");
    } finally {
      OpenSearchChunkIndex.drop(through, name);
    }
  }

  /** The state of every copy of every shard of a knowledge base's index, as the cluster says. */
  private static List<String> shardStates(String kb) throws Exception {
    List<String> states = new ArrayList<>();
    get("/_cat/shards/quarry-" + kb, Map.of("format", "json", "h", "state"))
        .forEach(shard -> states.add(shard.path("state").asText()));
    return states;
  }

  /** One setting of a knowledge base's index, as the cluster reports it. */
  private static String setting(String kb, String key) throws Exception {
    return get("/quarry-" + kb + "/_settings", Map.of("flat_settings", "true"))
        .path("quarry-" + kb)
        .path("settings")
        .path(key)
        .asText();
  }

  /** The JSON the cluster answers to a GET. */
  private static JsonNode get(String endpoint, Map<String, String> query) throws Exception {
    try (Response r =
        connection
            .client()
            .generic()
            .execute(Requests.builder().method("GET").endpoint(endpoint).query(query).build())) {
      return new ObjectMapper().readTree(r.getBody().orElseThrow().bodyAsString());
    }
  }
}
