package dev.quarry.api.it;

import dev.quarry.api.testing.Api;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The packaged server ({@code target/quarkus-app/quarkus-run.jar}) as a child process, for tests
 * that need a real process: killing it, or driving it from a browser.
 */
final class ServerProcess implements AutoCloseable {

  static final String ADMIN_KEY = "it-admin-key";

  private final Path dataDir;
  private final int port;
  private final int managementPort;
  private final Path log;
  private final Map<String, String> env;
  private final Path jar;
  private Process process;

  ServerProcess(Path dataDir, Map<String, String> env) throws IOException {
    this(
        dataDir,
        env,
        Path.of(System.getProperty("quarry.app.jar", "target/quarkus-app/quarkus-run.jar")),
        dataDir.getFileName() + "-server");
  }

  /**
   * @param jar the packaged server to run (the H2 build, or the PostgreSQL one)
   * @param name names the log, {@code <name>.log} beside the data directory
   */
  ServerProcess(Path dataDir, Map<String, String> env, Path jar, String name) throws IOException {
    this.dataDir = dataDir;
    this.port = freePort();
    this.managementPort = freePort();
    this.log = dataDir.resolveSibling(name + ".log");
    this.env = env;
    this.jar = jar;
  }

  /** Starts the server and waits until it is ready. */
  ServerProcess start() throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toAbsolutePath().toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Map<String, String> e = builder.environment();
    e.put("QUARRY_DATA_DIR", dataDir.toAbsolutePath().toString());
    e.put("QUARRY_ADMIN_KEY", ADMIN_KEY);
    e.put("QUARRY_DEMO_ENABLED", "false");
    e.put("QUARKUS_HTTP_PORT", String.valueOf(port));
    e.put("QUARKUS_MANAGEMENT_PORT", String.valueOf(managementPort));
    e.putAll(env);
    process = builder.start();
    awaitReady(Duration.ofSeconds(180));
    return this;
  }

  /** SIGKILL: no shutdown hook, no flush, as when the machine loses power. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** The server's process id. */
  long pid() {
    return process.pid();
  }

  /** A request to this server with the admin key. */
  RequestSpecification api() {
    return RestAssured.given()
        .baseUri(uri().toString())
        .header("Authorization", "Bearer " + ADMIN_KEY);
  }

  /** Creates a knowledge base named {@code name}; its id. */
  String createKb(String name) {
    return Api.createKb(api(), name);
  }

  /** The knowledge base's view ({@code GET /api/kbs/{id}}). */
  JsonPath kb(String id) {
    return api().get("/api/kbs/" + id).then().statusCode(200).extract().jsonPath();
  }

  /** How many documents of {@code kb} have {@code status}. */
  long count(String kb, String status) {
    return api()
        .get("/api/kbs/" + kb + "/documents?size=1&status=" + status)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getLong("total");
  }

  /** The server's metrics, in Prometheus' text format. */
  String metrics() {
    return RestAssured.given()
        .baseUri("http://127.0.0.1:" + managementPort)
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .extract()
        .asString();
  }

  /** Whether the server is alive and says it is ready. */
  int readiness() {
    return RestAssured.given().baseUri(uri().toString()).get("/q/health/ready").statusCode();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + port);
  }

  Path log() {
    return log;
  }

  private void awaitReady(Duration timeout) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("The server exited at start-up; see " + log);
      }
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(uri().resolve("/q/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("The server was not ready within " + timeout + "; see " + log);
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      process.waitFor();
    }
  }

  static Map<String, String> env(String... keyValues) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put(keyValues[i], keyValues[i + 1]);
    }
    return m;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
