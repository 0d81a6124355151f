package dev.quarry.api.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.quarry.api.testing.PostgresAvailable;
import dev.quarry.api.testing.PostgresProfile;
import dev.quarry.opensearch.ClusterProcess;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real servers (the PostgreSQL build, as two processes) on one PostgreSQL catalogue, one
 * OpenSearch cluster and one data directory, as docs/deployment.md "Scaling out" runs them behind a
 * proxy: uploads to either are ingested exactly once, a key made on one works on the other, the
 * events stream of one shows what the other ingests, and when one is killed the other finishes its
 * work.
 */
@ExtendWith(PostgresAvailable.class)
class ReplicasIT {

  private static final String DATABASE = "quarry_replicas_it";
  private static final int PER_SERVER = 8;
  private static final int LEFT_BEHIND = 6;

  @TempDir Path tmp;

  @Test
  void should_run_two_servers_on_one_catalogue_as_one_service() throws Exception {
    // given: one OpenSearch cluster, one fresh catalogue, one data directory, two servers
    try (ClusterProcess cluster = ClusterProcess.startBeside(tmp, 2, "quarry-replicas-it")) {
      String catalogue = freshDatabase();
      Path data = Files.createDirectories(tmp.resolve("data"));
      Map<String, String> env = new HashMap<>();
      env.put("QUARKUS_DATASOURCE_JDBC_URL", catalogue);
      env.put("QUARKUS_DATASOURCE_USERNAME", PostgresProfile.user());
      env.put(
          "QUARKUS_DATASOURCE_PASSWORD",
          System.getenv().getOrDefault("QUARRY_TEST_PG_PASSWORD", ""));
      env.put("QUARRY_INDEX_BACKEND", "opensearch");
      env.put("QUARRY_OPENSEARCH_HOSTS", cluster.url);
      env.put("QUARRY_OPENSEARCH_SHARDS", "2");
      env.put("QUARRY_OPENSEARCH_REPLICAS", "0");
      env.put("QUARRY_INGESTION_WORKERS", "1");
      env.put("QUARRY_INGESTION_BATCH_DOCUMENTS", "2");
      // only uploads (and a take-over) wake a server: the kill below finds work on the one killed
      env.put("QUARRY_INGESTION_POLL_INTERVAL", "PT1H");
      env.put("QUARRY_REPLICAS_HEARTBEAT", "PT1S");
      env.put("QUARRY_REPLICAS_LEASE", "PT4S");
      Path jar = Path.of(System.getProperty("quarry.app.postgresql.jar"));
      try (ServerProcess a = new ServerProcess(data, env, jar, "replica-a").start();
          ServerProcess b = new ServerProcess(data, env, jar, "replica-b").start()) {
        assertThat(a.readiness()).isEqualTo(200);
        assertThat(b.readiness()).isEqualTo(200);

        // a knowledge base and a key made on one server work on the other
        String kb =
            a.api()
                .contentType(ContentType.JSON)
                .body(Map.of("name", "Shared"))
                .post("/api/kbs")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String writerKey =
            a.api()
                .contentType(ContentType.JSON)
                .body(Map.of("kb", kb, "role", "writer"))
                .post("/api/keys")
                .then()
                .statusCode(201)
                .extract()
                .path("key");
        RestAssured.given()
            .baseUri(b.uri().toString())
            .header("Authorization", "Bearer " + writerKey)
            .get("/api/kbs/" + kb + "/documents")
            .then()
            .statusCode(200);

        // an events stream open on b
        Queue<String> eventsOnB = listen(b, kb);

        // when: uploads to both at once
        List<String> toA = new ArrayList<>();
        List<String> toB = new ArrayList<>();
        for (int i = 0; i < PER_SERVER; i++) {
          toA.add(upload(a, kb, CrashRecoveryIT.ledger(tmp, i)));
          toB.add(upload(b, kb, CrashRecoveryIT.ledger(tmp, 100 + i)));
        }

        // then: every upload is READY, ingested exactly once, by both servers between them
        await()
            .atMost(Duration.ofMinutes(4))
            .pollInterval(Duration.ofMillis(500))
            .until(() -> b.count(kb, "READY") == 2 * PER_SERVER);
        assertThat(a.count(kb, "READY")).isEqualTo(2 * PER_SERVER);
        double ingestedByA = ingested(a);
        double ingestedByB = ingested(b);
        System.out.printf(
            Locale.ROOT,
            "ReplicasIT: %d uploads, ingested %.0f by a and %.0f by b%n",
            2 * PER_SERVER,
            ingestedByA,
            ingestedByB);
        assertThat(ingestedByA + ingestedByB)
            .as("each upload ingested once, on one server")
            .isEqualTo(2 * PER_SERVER);
        assertThat(ingestedByA).as("a took part").isPositive();
        assertThat(ingestedByB).as("b took part").isPositive();
        try (Connection db = catalogue(catalogue)) {
          assertThat(longs(db, "SELECT attempts FROM ingestion_job WHERE kb_id = ?", kb))
              .as("every job claimed once")
              .hasSize(2 * PER_SERVER)
              .containsOnly(1L);
        }

        // and b's events stream showed the uploads a ingested, READY
        await()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(
                () -> {
                  for (String id : toA) {
                    assertThat(eventsOnB)
                        .as("a READY event for %s on b's stream", id)
                        .anySatisfy(
                            e -> assertThat(e).contains("\"id\":\"" + id + "\"", "\"READY\""));
                  }
                });

        // when: a is killed while it ingests uploads only it was told about
        List<String> left = new ArrayList<>();
        for (int i = 0; i < LEFT_BEHIND; i++) {
          left.add(upload(a, kb, longLedger(200 + i)));
        }
        String aId;
        try (Connection db = catalogue(catalogue)) {
          aId = serverId(db, a.pid());
          await()
              .atMost(Duration.ofMinutes(2))
              .pollInterval(Duration.ofMillis(20))
              .until(() -> !runningJobs(db, kb, aId).isEmpty());
          a.kill();
          List<String> cutShort = runningJobs(db, kb, aId);
          assertThat(cutShort).as("the kill lands while a holds jobs").isNotEmpty();

          // then: b takes them over once a's lease runs out, and every upload ends READY
          await()
              .atMost(Duration.ofMinutes(3))
              .pollInterval(Duration.ofMillis(500))
              .until(() -> b.count(kb, "READY") == 2 * PER_SERVER + LEFT_BEHIND);
          String bId = serverId(db, b.pid());
          for (String job : cutShort) {
            assertThat(strings(db, "SELECT claimed_by FROM ingestion_job WHERE id = ?", job))
                .as("job %s finished by b", job)
                .containsExactly(bId);
          }
          assertThat(longs(db, "SELECT count(*) FROM server_lease WHERE id = ?", aId))
              .as("a's lease removed once it ran out")
              .containsExactly(0L);
          System.out.printf(
              Locale.ROOT,
              "ReplicasIT: a killed holding %d jobs; b finished them%n",
              cutShort.size());
        }
        assertThat(b.readiness()).isEqualTo(200);
      }
    }
  }

  /** A ledger ten times as long as {@link CrashRecoveryIT#ledger}: a batch that takes a while. */
  private Path longLedger(int n) throws Exception {
    StringBuilder text = new StringBuilder();
    for (int part = 0; part < 10; part++) {
      text.append(Files.readString(CrashRecoveryIT.ledger(tmp, n * 10 + part))).append("\n\n");
    }
    Path file = tmp.resolve("long-ledger-" + n + ".md");
    Files.writeString(file, text);
    return file;
  }

  private static String upload(ServerProcess server, String kb, Path file) {
    RequestSpecification request = server.api().multiPart("file", file.toFile());
    return request
        .post("/api/kbs/" + kb + "/documents")
        .then()
        .statusCode(202)
        .extract()
        .jsonPath()
        .getString("[0].id");
  }

  /** Documents the server ingested, from its {@code quarry.ingest.documents} counter. */
  private static double ingested(ServerProcess server) {
    return server
        .metrics()
        .lines()
        .filter(l -> l.startsWith("quarry_ingest_documents_total{"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  /** Collects the lines of a knowledge base's events stream, from now on. */
  private static Queue<String> listen(ServerProcess server, String kb) throws Exception {
    Queue<String> lines = new ConcurrentLinkedQueue<>();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(server.uri() + "/api/kbs/" + kb + "/events"))
            .header("Authorization", "Bearer " + ServerProcess.ADMIN_KEY)
            .header("Accept", "text/event-stream")
            .build();
    HttpResponse<java.util.stream.Stream<String>> response =
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofLines());
    assertThat(response.statusCode()).isEqualTo(200);
    Thread reader =
        new Thread(
            () -> {
              try (var body = response.body()) {
                body.forEach(lines::add);
              } catch (java.io.UncheckedIOException serverStopped) {
                // the stream ends when the server does
              }
            },
            "events-reader");
    reader.setDaemon(true);
    reader.start();
    return lines;
  }

  /** Creates the test's own database on the test PostgreSQL server; returns its JDBC URL. */
  private static String freshDatabase() throws SQLException {
    String base = PostgresProfile.url();
    String server = base.substring(0, base.lastIndexOf('/') + 1);
    try (Connection c = catalogue(server + "postgres");
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
      s.execute("CREATE DATABASE " + DATABASE);
    }
    return server + DATABASE;
  }

  private static Connection catalogue(String url) throws SQLException {
    return DriverManager.getConnection(
        url, PostgresProfile.user(), System.getenv().getOrDefault("QUARRY_TEST_PG_PASSWORD", ""));
  }

  private static String serverId(Connection db, long pid) throws SQLException {
    List<String> ids = strings(db, "SELECT id FROM server_lease WHERE pid = ?", pid);
    assertThat(ids).as("the lease of pid %d", pid).hasSize(1);
    return ids.get(0);
  }

  private static List<String> runningJobs(Connection db, String kb, String server)
      throws SQLException {
    return strings(
        db,
        "SELECT id FROM ingestion_job WHERE kb_id = ? AND state = 'RUNNING' AND claimed_by = ?",
        kb,
        server);
  }

  private static List<String> strings(Connection db, String sql, Object... args)
      throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement s = db.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setObject(i + 1, args[i]);
      }
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          out.add(r.getString(1));
        }
      }
    }
    return out;
  }

  private static List<Long> longs(Connection db, String sql, Object... args) throws SQLException {
    List<Long> out = new ArrayList<>();
    for (String s : strings(db, sql, args)) {
      out.add(Long.parseLong(s));
    }
    return out;
  }
}
