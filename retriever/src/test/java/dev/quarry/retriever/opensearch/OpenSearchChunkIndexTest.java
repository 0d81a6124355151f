package dev.quarry.retriever.opensearch;

import dev.quarry.opensearch.ClusterProcess;
import dev.quarry.retriever.SharedEmbedder;
import dev.quarry.retriever.index.ChunkIndex;
import dev.quarry.retriever.index.ChunkIndexContract;
import dev.quarry.retriever.index.IndexSettings;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The index contract on OpenSearch: a real 2-node OpenSearch 2.19.1 cluster with the k-NN plugin
 * ({@code ./quarry opensearch-dev}), each knowledge base index 2 shards × 1 replica. Runs when the
 * opensearch-dev module is built beside this one (as in {@code mvn verify} from the top); CI
 * requires it ({@code QUARRY_REQUIRE_OPENSEARCH}).
 */
class OpenSearchChunkIndexTest extends ChunkIndexContract {

  @TempDir static Path tmp;
  private static ClusterProcess cluster;
  private static OpenSearchConnection connection;
  private static int indexes;

  private String kb;

  @BeforeAll
  static void startCluster() throws Exception {
    Path script = ClusterProcess.scriptFromSibling();
    if (script == null) {
      if (System.getenv("QUARRY_REQUIRE_OPENSEARCH") != null) {
        throw new IllegalStateException(
            "opensearch-dev is not built beside retriever; run mvn verify from the top");
      }
      Assumptions.abort("opensearch-dev is not built: the contract on OpenSearch is skipped");
    }
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
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
            tmp.resolve("cluster").toString(),
            "--cluster-name",
            "quarry-contract");
    connection =
        new OpenSearchConnection(
            OpenSearchSettings.local(URI.create(cluster.url)).withLayout(2, 1));
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (connection != null) {
      connection.close();
    }
    if (cluster != null) {
      cluster.close();
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
}
