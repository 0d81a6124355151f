package dev.quarry.retriever.opensearch;

import dev.quarry.opensearch.ClusterProcess;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * One real 2-node OpenSearch cluster ({@code ./quarry opensearch-dev}) for every test class of this
 * JVM that does not stop nodes, started on first use and stopped when the JVM ends. Tests skip when
 * opensearch-dev is not built beside this module, unless {@code QUARRY_REQUIRE_OPENSEARCH} is set
 * (CI), when that is a failure.
 */
final class SharedCluster {

  private static ClusterProcess cluster;

  private SharedCluster() {}

  /** The cluster's first node, starting the cluster when it is not running yet. */
  static synchronized URI url() throws Exception {
    if (cluster == null) {
      Assumptions.assumeTrue(
          ClusterProcess.availableBeside(),
          "opensearch-dev is not built: the tests on OpenSearch are skipped");
      cluster =
          ClusterProcess.startBeside(
              Path.of(System.getProperty("java.io.tmpdir")), 2, "quarry-retriever");
      ClusterProcess started = cluster;
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      started.close();
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }));
    }
    return URI.create(cluster.url);
  }

  /** A connection to the shared cluster laying out indexes as 2 shards × 1 replica. */
  static OpenSearchConnection connect() throws Exception {
    return new OpenSearchConnection(OpenSearchSettings.local(url()).withLayout(2, 1));
  }
}
