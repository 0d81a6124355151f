package dev.quarry.opensearch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.node.NodeValidationException;
import org.opensearch.plugins.Plugin;
import org.opensearch.transport.Netty4Plugin;

/**
 * A local OpenSearch 2.19.1 cluster of {@code N} nodes in this JVM, for people who want to try
 * Quarry's distributed backend without Docker, for tests and for benchmarks: every node is a real
 * OpenSearch node with its plugins loaded from the class path, Netty HTTP and transport on
 * 127.0.0.1, the {@code english} analyzer and the k-NN plugin. Node {@code i} serves HTTP on {@code
 * http-port + i} and transport on {@code transport-port + i}, keeps its data in {@code
 * <data-dir>/node-i}, and the cluster survives a restart with the same data directory.
 *
 * <p>Run it through {@code ./quarry opensearch-dev}, which builds the class path and, since
 * OpenSearch refuses to run as root, starts this JVM as an unprivileged user when needed. It prints
 * the URL once the cluster has all its nodes, and runs until stopped.
 */
public final class DevCluster implements AutoCloseable {

  /** The k-NN plugin's entry point, loaded by name: its jars come from the unpacked zip. */
  static final String KNN_PLUGIN = "org.opensearch.knn.plugin.KNNPlugin";

  /** How the cluster is laid out. */
  public record Layout(
      int nodes, int httpPort, int transportPort, Path dataDir, String clusterName) {

    public Layout {
      if (nodes < 1 || nodes > 9) {
        throw new IllegalArgumentException("--nodes must be between 1 and 9, not " + nodes);
      }
      if (httpPort < 1
          || httpPort + nodes > 65536
          || transportPort < 1
          || transportPort + nodes > 65536) {
        throw new IllegalArgumentException("ports must leave room for one per node");
      }
    }

    String nodeName(int i) {
      return clusterName + "-" + i;
    }

    /** The first node's HTTP address. */
    public String url() {
      return "http://127.0.0.1:" + httpPort;
    }
  }

  private final Layout layout;
  private final List<Node> nodes = new ArrayList<>();

  private DevCluster(Layout layout) {
    this.layout = layout;
  }

  /** Starts every node; returns once each has started (the cluster forms on its own). */
  public static DevCluster start(Layout layout) throws IOException, NodeValidationException {
    DevCluster cluster = new DevCluster(layout);
    List<Class<? extends Plugin>> plugins = plugins();
    try {
      for (int i = 0; i < layout.nodes(); i++) {
        Node node = new DevNode(settings(layout, i), plugins);
        cluster.nodes.add(node);
        node.start();
      }
    } catch (IOException | NodeValidationException | RuntimeException e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  static Settings settings(Layout layout, int i) throws IOException {
    Path home = layout.dataDir().resolve("node-" + i).toAbsolutePath();
    Files.createDirectories(home.resolve("data"));
    Files.createDirectories(home.resolve("logs"));
    List<String> seeds =
        IntStream.range(0, layout.nodes())
            .mapToObj(n -> "127.0.0.1:" + (layout.transportPort() + n))
            .toList();
    List<String> names = IntStream.range(0, layout.nodes()).mapToObj(layout::nodeName).toList();
    return Settings.builder()
        .put("cluster.name", layout.clusterName())
        .put("node.name", layout.nodeName(i))
        .put("path.home", home.toString())
        .put("path.data", home.resolve("data").toString())
        .put("path.logs", home.resolve("logs").toString())
        .put("network.host", "127.0.0.1")
        .put("http.port", layout.httpPort() + i)
        .put("transport.port", layout.transportPort() + i)
        .put("http.type", Netty4Plugin.NETTY_HTTP_TRANSPORT_NAME)
        .put("transport.type", Netty4Plugin.NETTY_TRANSPORT_NAME)
        .putList("discovery.seed_hosts", seeds)
        .putList("cluster.initial_cluster_manager_nodes", names)
        // a laptop's disk is often fuller than the production watermarks allow
        .put("cluster.routing.allocation.disk.threshold_enabled", false)
        .build();
  }

  @SuppressWarnings("unchecked")
  static List<Class<? extends Plugin>> plugins() {
    try {
      Class<? extends Plugin> knn =
          (Class<? extends Plugin>)
              Class.forName(KNN_PLUGIN, true, DevCluster.class.getClassLoader());
      return List.of(Netty4Plugin.class, CommonAnalysisPlugin.class, knn);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(
          "The k-NN plugin is not on the class path (target/cluster/knn/*): "
              + "start the cluster with ./quarry opensearch-dev",
          e);
    }
  }

  /** A node whose plugins come from the class path rather than a plugins folder. */
  private static final class DevNode extends Node {
    DevNode(Settings settings, List<Class<? extends Plugin>> plugins) {
      super(environment(settings), plugins, true);
    }

    private static Environment environment(Settings settings) {
      return InternalSettingsPreparer.prepareEnvironment(
          settings, java.util.Map.of(), null, () -> settings.get("node.name"));
    }
  }

  public Layout layout() {
    return layout;
  }

  /** Stops node {@code i} (to try fail-over); the others go on. A no-op when it is stopped. */
  public synchronized void stopNode(int i) throws IOException {
    Node node = nodes.set(requireNode(i), null);
    if (node != null) {
      node.close();
    }
  }

  /** Starts node {@code i} again on its data; it rejoins the cluster. A no-op when it runs. */
  public synchronized void startNode(int i) throws IOException, NodeValidationException {
    if (nodes.get(requireNode(i)) == null) {
      Node node = new DevNode(settings(layout, i), plugins());
      node.start();
      nodes.set(i, node);
    }
  }

  private int requireNode(int i) {
    if (i < 0 || i >= nodes.size()) {
      throw new IllegalArgumentException(
          "no node " + i + ": the nodes are 0 to " + (nodes.size() - 1));
    }
    return i;
  }

  @Override
  public synchronized void close() throws IOException {
    IOException first = null;
    for (Node node : nodes) {
      if (node == null) {
        continue;
      }
      try {
        node.close();
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }

  public static void main(String[] args) throws Exception {
    Layout layout;
    try {
      layout = DevClusterCommand.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("opensearch-dev: " + e.getMessage());
      System.err.println(DevClusterCommand.USAGE);
      System.exit(2);
      return;
    }
    if (layout == null) {
      System.out.println(DevClusterCommand.USAGE);
      return;
    }
    DevCluster cluster = start(layout);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    cluster.close();
                  } catch (IOException e) {
                    System.err.println("opensearch-dev: stopping failed: " + e);
                  }
                  stopped.countDown();
                },
                "opensearch-dev-stop"));
    ClusterHealth.awaitNodes(layout.url(), layout.nodes());
    System.out.printf(
        "OpenSearch dev cluster '%s' is up: %s (%d node%s, HTTP ports %d-%d, data in %s)%n"
            + "Stop it with Ctrl-C. To try fail-over, type 'stop N' or 'start N' for node N.%n",
        layout.clusterName(),
        layout.url(),
        layout.nodes(),
        layout.nodes() == 1 ? "" : "s",
        layout.httpPort(),
        layout.httpPort() + layout.nodes() - 1,
        layout.dataDir().toAbsolutePath());
    NodeCommands.read(System.in, cluster);
    stopped.await();
  }
}
