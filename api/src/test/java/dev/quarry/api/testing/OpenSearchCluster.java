package dev.quarry.api.testing;

import dev.quarry.opensearch.ClusterProcess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real 2-node OpenSearch cluster for a test application ({@code ./quarry opensearch-dev}, from
 * the opensearch-dev module built beside this one), and the settings that point Quarry at it, with
 * a fresh data directory for the catalogue and blobs. Refuses to start when opensearch-dev is not
 * built: run the tests from the top ({@code mvn verify}).
 */
public class OpenSearchCluster implements QuarkusTestResourceLifecycleManager {

  /** The cluster's address, for tests that look at it directly. */
  public static volatile String url;

  private ClusterProcess cluster;
  private Path dir;

  @Override
  public Map<String, String> start() {
    try {
      dir = Files.createTempDirectory("quarry-opensearch-test-");
      cluster = ClusterProcess.startBeside(dir, 2, "quarry-api-test");
    } catch (Exception e) {
      throw new IllegalStateException("Starting the OpenSearch test cluster failed: " + e, e);
    }
    url = cluster.url;
    return Map.of(
        "quarry.data-dir", dir.resolve("quarry").toString(),
        "quarry.index.backend", "opensearch",
        "quarry.opensearch.hosts", cluster.url,
        "quarry.opensearch.shards", "2",
        "quarry.opensearch.replicas", "1");
  }

  @Override
  public void stop() {
    try {
      if (cluster != null) {
        cluster.close();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
