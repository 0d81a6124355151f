package dev.quarry.opensearch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A dev cluster started as people start it, through {@code bin/opensearch-dev} in a process of its
 * own (as the unprivileged user when the tests run as root), with a small HTTP client for it. Other
 * modules' tests use it from this module's test-jar, which carries none of OpenSearch's jars.
 */
public final class ClusterProcess implements AutoCloseable {

  /** The script, from this module's folder. */
  static final Path SCRIPT = Path.of("bin", "opensearch-dev").toAbsolutePath();

  /**
   * The script seen from a sibling module's folder (the working directory of its tests), or null
   * when this module has not been built there.
   */
  public static Path scriptFromSibling() {
    Path module = Path.of("..", "opensearch-dev").toAbsolutePath().normalize();
    boolean built = Files.isDirectory(module.resolve("target/cluster/knn"));
    return built ? module.resolve("bin/opensearch-dev") : null;
  }

  private final Process process;
  private final List<String> output = new ArrayList<>();
  private final CountDownLatch up = new CountDownLatch(1);
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  public final String url;

  /** A data folder this process made ({@link #startBeside}) and deletes when it is closed. */
  private Path ownData;

  private ClusterProcess(Process process, String url) {
    this.process = process;
    this.url = url;
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                  synchronized (output) {
                    output.add(line);
                  }
                  if (line.contains(" is up: ")) {
                    up.countDown();
                  }
                }
              } catch (IOException e) {
                // the process ended
              }
            },
            "cluster-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts the script with these arguments; returns once the cluster says it is up. */
  static ClusterProcess start(int httpPort, String... args) throws Exception {
    return start(SCRIPT, httpPort, args);
  }

  /** Starts {@code script} with these arguments; returns once the cluster says it is up. */
  public static ClusterProcess start(Path script, int httpPort, String... args) throws Exception {
    return start(script, Map.of(), httpPort, args);
  }

  /**
   * Starts {@code script} with these arguments and these variables added to its environment (such
   * as {@code OPENSEARCH_JAVA_HOME}); returns once the cluster says it is up.
   */
  static ClusterProcess start(
      Path script, Map<String, String> environment, int httpPort, String... args) throws Exception {
    Process p = launch(script, environment, args);
    ClusterProcess cluster = new ClusterProcess(p, "http://127.0.0.1:" + httpPort);
    if (!cluster.up.await(3, TimeUnit.MINUTES)) {
      cluster.close();
      throw new AssertionError("the cluster did not come up:\n" + cluster.output());
    }
    return cluster;
  }

  /**
   * Starts a cluster of {@code nodes} nodes from a sibling module's tests, on free ports, with its
   * data in a new folder under {@code parent} that the cluster's user can reach.
   *
   * @throws IllegalStateException when opensearch-dev has not been built beside the caller
   */
  public static ClusterProcess startBeside(Path parent, int nodes, String clusterName)
      throws Exception {
    Path script = scriptFromSibling();
    if (script == null) {
      throw new IllegalStateException(
          "opensearch-dev is not built beside this module; run mvn verify from the top");
    }
    // the cluster runs as another user (OpenSearch refuses root): it must get through parent
    var parentMode = Files.getPosixFilePermissions(parent);
    parentMode.add(PosixFilePermission.OTHERS_EXECUTE);
    Files.setPosixFilePermissions(parent, parentMode);
    Path data = Files.createTempDirectory(parent, "opensearch-");
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
    int http = freePorts(nodes);
    int transport = freePorts(nodes);
    ClusterProcess cluster =
        start(
            script,
            http,
            "--nodes",
            String.valueOf(nodes),
            "--http-port",
            String.valueOf(http),
            "--transport-port",
            String.valueOf(transport),
            "--data-dir",
            data.resolve("cluster").toString(),
            "--cluster-name",
            clusterName);
    cluster.ownData = data;
    return cluster;
  }

  /**
   * Whether a sibling module's tests can start a cluster; when they cannot and CI does not require
   * it ({@code QUARRY_REQUIRE_OPENSEARCH}), they skip.
   */
  public static boolean availableBeside() {
    if (scriptFromSibling() != null) {
      return true;
    }
    if (System.getenv("QUARRY_REQUIRE_OPENSEARCH") != null) {
      throw new IllegalStateException(
          "opensearch-dev is not built beside this module; run mvn verify from the top");
    }
    return false;
  }

  /** Runs the script to its end (for arguments it refuses); returns its exit code. */
  static int run(List<String> output, String... args) throws Exception {
    return run(Map.of(), output, args);
  }

  /** Runs the script to its end with these variables added to its environment. */
  static int run(Map<String, String> environment, List<String> output, String... args)
      throws Exception {
    Process p = launch(SCRIPT, environment, args);
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      in.lines().forEach(output::add);
    }
    return p.waitFor();
  }

  /** Starts {@code bash script args}, its output and errors in one stream. */
  private static Process launch(Path script, Map<String, String> environment, String... args)
      throws IOException {
    List<String> command = new ArrayList<>(List.of("bash", script.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(environment);
    return builder.start();
  }

  /** A free port whose next {@code count - 1} ports are free too. */
  public static int freePorts(int count) throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      int first;
      try (ServerSocket s = new ServerSocket(0)) {
        first = s.getLocalPort();
      }
      if (first + count < 65536 && allFree(first, count)) {
        return first;
      }
    }
    throw new IllegalStateException("no " + count + " free ports in a row");
  }

  private static boolean allFree(int first, int count) {
    for (int port = first; port < first + count; port++) {
      try (ServerSocket s = new ServerSocket(port)) {
        s.setReuseAddress(true);
      } catch (IOException e) {
        return false;
      }
    }
    return true;
  }

  HttpResponse<String> call(String method, String path, String json) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(60));
    if (json == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      String type = path.contains("_bulk") ? "application/x-ndjson" : "application/json";
      request
          .header("Content-Type", type)
          .method(method, HttpRequest.BodyPublishers.ofString(json));
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  public String output() {
    synchronized (output) {
      return String.join("\n", output);
    }
  }

  /**
   * Types a console command ({@code stop N}, {@code start N}) and returns the cluster's one-line
   * answer ({@code node N stopped}, …).
   */
  public String command(String command) throws Exception {
    int seen;
    synchronized (output) {
      seen = output.size();
    }
    java.io.OutputStream in = process.getOutputStream();
    in.write((command + "\n").getBytes(StandardCharsets.UTF_8));
    in.flush();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (System.nanoTime() < deadline) {
      synchronized (output) {
        for (int i = seen; i < output.size(); i++) {
          String line = output.get(i);
          if (line.startsWith("node ") || line.startsWith("opensearch-dev: ")) {
            return line;
          }
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no answer to '" + command + "':\n" + output());
  }

  /** Stops the cluster as Ctrl-C does (SIGTERM), and waits for it. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
    if (ownData != null) {
      try (var files = Files.walk(ownData)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // a leftover temp folder is harmless
      }
    }
  }
}
