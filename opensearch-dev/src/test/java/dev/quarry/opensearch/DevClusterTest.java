package dev.quarry.opensearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./quarry opensearch-dev}: a real multi-node OpenSearch 2.19.1 cluster with the english
 * analyzer and the k-NN plugin, started from Maven Central's artifacts, talked to over HTTP as
 * Quarry talks to a production cluster.
 */
class DevClusterTest {

  private static final String MAPPING =
      """
      {"settings": {"index": {"knn": true, "number_of_shards": 2, "number_of_replicas": 1}},
       "mappings": {"properties": {
         "text": {"type": "text", "analyzer": "english"},
         "kb": {"type": "keyword"},
         "vector": {"type": "knn_vector", "dimension": 3,
                    "method": {"name": "hnsw", "engine": "lucene", "space_type": "cosinesimil",
                               "parameters": {"m": 16, "ef_construction": 100}}}}}}
      """;

  private static final String DOCUMENTS =
      """
      {"index": {"_id": "reactor"}}
      {"text": "The reactors are cooling down", "kb": "physics", "vector": [1, 0, 0]}
      {"index": {"_id": "banana"}}
      {"text": "Bananas grow in the tropics", "kb": "botany", "vector": [0, 1, 0]}
      """;

  @TempDir Path tmp;

  @Test
  void should_start_two_nodes_that_search_english_text_and_vectors_and_keep_data_over_a_restart()
      throws Exception {
    // given: a data directory the cluster's user can reach, and free ports
    Path data = tmp.resolve("opensearch");
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    int http = ClusterProcess.freePorts(2);
    int transport = ClusterProcess.freePorts(2);
    String[] args = {
      "--nodes", "2",
      "--http-port", String.valueOf(http),
      "--transport-port", String.valueOf(transport),
      "--data-dir", data.toString(),
      "--cluster-name", "quarry-test"
    };

    try (ClusterProcess cluster = ClusterProcess.start(http, args)) {
      // when: an index of 2 shards with 1 replica each, and two documents
      assertThat(cluster.call("PUT", "/chunks", MAPPING).statusCode()).isEqualTo(200);
      assertThat(cluster.call("POST", "/chunks/_bulk?refresh=true", DOCUMENTS).body())
          .contains("\"errors\":false");

      // then: both nodes serve, and every replica is placed
      assertThat(cluster.call("GET", "/_cat/nodes?h=name", null).body().lines().sorted())
          .containsExactly("quarry-test-0", "quarry-test-1");
      assertThat(cluster.call("GET", "/_cluster/health?wait_for_status=green", null).body())
          .contains("\"status\":\"green\"");
      // BM25 with English stemming: "reactor cooled" finds "reactors are cooling"
      assertThat(search(cluster, "{\"query\": {\"match\": {\"text\": \"reactor cooled\"}}}"))
          .contains("\"_id\":\"reactor\"")
          .doesNotContain("\"_id\":\"banana\"");
      // k-NN with a pre-filter: the nearest vector is the reactor's, but only botany may answer
      assertThat(
              search(
                  cluster,
                  """
                  {"query": {"knn": {"vector": {"vector": [0.9, 0.1, 0], "k": 2,
                    "filter": {"term": {"kb": "botany"}}}}}}"""))
          .contains("\"_id\":\"banana\"")
          .doesNotContain("\"_id\":\"reactor\"");
      // the second node answers too (every node serves HTTP on its own port)
      assertThat(cluster.call("GET", "/", null).statusCode()).isEqualTo(200);

      // the console refuses what it cannot do, with the reason (stopping and starting nodes is
      // OpenSearchFailoverTest's, on 3 nodes: 2 lose their quorum when the elected one stops)
      assertThat(cluster.command("stop 7")).startsWith("opensearch-dev: no node 7");
      assertThat(cluster.command("restart 1")).startsWith("opensearch-dev: type 'stop N'");
    }

    // when: the cluster restarts on the same data directory
    try (ClusterProcess again = ClusterProcess.start(http, args)) {
      // then: the index and its documents are still there
      assertThat(again.call("GET", "/_cluster/health/chunks?wait_for_status=green", null).body())
          .contains("\"status\":\"green\"");
      assertThat(again.call("GET", "/chunks/_count", null).body()).contains("\"count\":2");
    }
  }

  @Test
  void should_run_on_the_java_of_OPENSEARCH_JAVA_HOME_with_lucene_s_simd_vector_code()
      throws Exception {
    // given: a JDK of Java 20 or later installed beside the default one (the build machines have
    // Temurin 25), named as OpenSearch's own start script takes it
    Optional<Jdk> newer = newerJdk();
    assumeTrue(newer.isPresent(), "no JDK of Java 20 or later under " + JDKS);
    Jdk jdk = newer.get();
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    int http = ClusterProcess.freePorts(1);
    int transport = ClusterProcess.freePorts(1);

    // when: one node starts with OPENSEARCH_JAVA_HOME set
    try (ClusterProcess cluster =
        ClusterProcess.start(
            ClusterProcess.SCRIPT,
            Map.of("OPENSEARCH_JAVA_HOME", jdk.home().toString()),
            http,
            "--nodes",
            "1",
            "--http-port",
            String.valueOf(http),
            "--transport-port",
            String.valueOf(transport),
            "--data-dir",
            tmp.resolve("opensearch").toString(),
            "--cluster-name",
            "quarry-jdk")) {
      assertThat(cluster.call("PUT", "/chunks", MAPPING).statusCode()).isEqualTo(200);
      assertThat(cluster.call("POST", "/chunks/_bulk?refresh=true", DOCUMENTS).body())
          .contains("\"errors\":false");

      // then: the node runs on that JDK, k-NN answers, and Lucene says it uses the vector API
      // (with the module that OpenSearch's jvm.options adds on Java 20 and later)
      assertThat(cluster.call("GET", "/_nodes/jvm?filter_path=nodes.*.jvm.version", null).body())
          .contains("\"version\":\"" + jdk.version() + "\"");
      assertThat(
              search(
                  cluster,
                  "{\"query\": {\"knn\": {\"vector\": {\"vector\": [0.9, 0.1, 0], \"k\": 1}}}}"))
          .contains("\"_id\":\"reactor\"");
      assertThat(cluster.output()).contains("Java vector incubator API enabled");
    }
  }

  @Test
  void should_refuse_a_wrong_argument_with_its_reason_and_exit_code_2() throws Exception {
    List<String> output = new ArrayList<>();

    int code = ClusterProcess.run(output, "--nodes", "zero", "--data-dir", tmp.toString());

    assertThat(code).isEqualTo(2);
    assertThat(String.join("\n", output)).contains("--nodes takes a number, not 'zero'");
  }

  @Test
  void should_refuse_an_OPENSEARCH_JAVA_HOME_without_a_java_with_its_reason_and_exit_code_2()
      throws Exception {
    List<String> output = new ArrayList<>();
    Path notAJdk = tmp.resolve("no-jdk-here");

    int code =
        ClusterProcess.run(
            Map.of("OPENSEARCH_JAVA_HOME", notAJdk.toString()),
            output,
            "--data-dir",
            tmp.toString());

    assertThat(code).isEqualTo(2);
    assertThat(String.join("\n", output))
        .contains("OPENSEARCH_JAVA_HOME is '" + notAJdk + "', which has no bin/java");
  }

  /** Where Debian and the build machines keep their JDKs. */
  private static final Path JDKS = Path.of("/usr/lib/jvm");

  /** A JDK's folder and its full version, as its {@code release} file gives them. */
  private record Jdk(Path home, String version) {
    int feature() {
      return Integer.parseInt(version.split("[.+-]")[0]);
    }
  }

  /** The newest JDK of Java 20 or later under {@link #JDKS}, if any. */
  private static Optional<Jdk> newerJdk() throws IOException {
    if (!Files.isDirectory(JDKS)) {
      return Optional.empty();
    }
    try (Stream<Path> homes = Files.list(JDKS)) {
      return homes
          .filter(home -> Files.isExecutable(home.resolve("bin/java")))
          .flatMap(home -> releaseVersion(home).map(v -> new Jdk(home, v)).stream())
          .filter(jdk -> jdk.feature() >= 20)
          .max(Comparator.comparingInt(Jdk::feature));
    }
  }

  private static Optional<String> releaseVersion(Path home) {
    try {
      return Files.readAllLines(home.resolve("release")).stream()
          .filter(line -> line.startsWith("JAVA_VERSION="))
          .map(line -> line.substring("JAVA_VERSION=".length()).replace("\"", ""))
          .findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static String search(ClusterProcess cluster, String query) throws Exception {
    HttpResponse<String> r = cluster.call("POST", "/chunks/_search", query);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r.body();
  }
}
