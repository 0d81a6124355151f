package dev.quarry.retriever.opensearch;

import dev.quarry.opensearch.ClusterProcess;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
      Path script = ClusterProcess.scriptFromSibling();
      if (script == null) {
        if (System.getenv("QUARRY_REQUIRE_OPENSEARCH") != null) {
          throw new IllegalStateException(
              "opensearch-dev is not built beside retriever; run mvn verify from the top");
        }
        Assumptions.abort("opensearch-dev is not built: the tests on OpenSearch are skipped");
      }
      Path dir = Files.createTempDirectory("quarry-opensearch-");
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
      int http = ClusterProcess.freePorts(2);
      int transport = ClusterProcess.freePorts(2);
      cluster =
          ClusterProcess.start(
              script,
              http,
              "--nodes",
              "2",
              "--http-port",
              String.valueOf(http),
              "--transport-port",
              String.valueOf(transport),
              "--data-dir",
              dir.resolve("cluster").toString(),
              "--cluster-name",
              "quarry-retriever");
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
