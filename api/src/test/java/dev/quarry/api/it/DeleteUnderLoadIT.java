package dev.quarry.api.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deletes a knowledge base while uploaders and searchers hammer it, on the real server, then
 * restarts the server on the same data: the restart succeeds, no request got a 5xx, and nothing of
 * the deleted knowledge base is left in the catalogue, the blobs or the indexes.
 */
class DeleteUnderLoadIT {

  private static final int UPLOADERS = 4;
  private static final int SEARCHERS = 2;

  /** Each uploader stops after this many uploads, whatever happens. */
  private static final int MAX_UPLOADS_EACH = 150;

  @TempDir Path tmp;

  @Test
  void should_delete_a_busy_knowledge_base_without_5xx_and_restart_clean() throws Exception {
    Path data = tmp.resolve("data");
    Files.createDirectories(data);
    Map<String, Integer> statuses = new ConcurrentHashMap<>();
    AtomicInteger uploadsAfterDelete = new AtomicInteger();
    String doomed;
    String survivor;
    String survivorDoc;
    Path shared = write("shared.txt", "Both knowledge bases hold this exact text about otters.");

    // The uploaders share the admin key: give it a slot each, so that the per-key upload limit
    // (a 429, tested in SlowBodyTest) does not stand in for what this test is about.
    Map<String, String> slots =
        ServerProcess.env(
            "QUARRY_LIMITS_MAX_CONCURRENT_UPLOADS_PER_KEY", String.valueOf(UPLOADERS + 2));
    try (ServerProcess server = new ServerProcess(data, slots).start()) {
      // given: a knowledge base under upload and search load, and another one sharing a file
      doomed = server.createKb("Doomed");
      survivor = server.createKb("Survivor");
      survivorDoc =
          upload(server, survivor, shared).then().statusCode(202).extract().path("[0].id");
      upload(server, doomed, shared).then().statusCode(202);
      AtomicBoolean deleted = new AtomicBoolean();
      AtomicBoolean stop = new AtomicBoolean();
      ExecutorService load = Executors.newFixedThreadPool(UPLOADERS + SEARCHERS);
      AtomicInteger fileNo = new AtomicInteger();
      List<Future<?>> workers = new ArrayList<>();
      for (int u = 0; u < UPLOADERS; u++) {
        workers.add(
            load.submit(
                () -> {
                  for (int i = 0; i < MAX_UPLOADS_EACH && !stop.get(); i++) {
                    int n = fileNo.incrementAndGet();
                    int status =
                        upload(server, doomed, write("f" + n + ".txt", text(n))).statusCode();
                    statuses.merge("upload " + status, 1, Integer::sum);
                    if (deleted.get()) {
                      uploadsAfterDelete.incrementAndGet();
                    }
                  }
                }));
      }
      for (int s = 0; s < SEARCHERS; s++) {
        workers.add(
            load.submit(
                () -> {
                  for (int i = 0; i < 2000 && !stop.get(); i++) {
                    int status =
                        server
                            .api()
                            .contentType(ContentType.JSON)
                            .body(Map.of("query", "quartz ledger otters", "k", 5))
                            .post("/api/kbs/" + doomed + "/search")
                            .statusCode();
                    statuses.merge("search " + status, 1, Integer::sum);
                  }
                }));
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> fileNo.get() >= 40);

      // when: it is deleted mid-load, and the load goes on for a while
      int deleteStatus = server.api().delete("/api/kbs/" + doomed).statusCode();
      deleted.set(true);
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> uploadsAfterDelete.get() >= 20 || fileNo.get() >= UPLOADERS * 140);
      stop.set(true);
      for (Future<?> w : workers) {
        w.get(2, TimeUnit.MINUTES);
      }
      load.shutdown();
      System.out.printf(
          Locale.ROOT,
          "DeleteUnderLoadIT: DELETE answered %d after %d uploads; statuses %s%n",
          deleteStatus,
          fileNo.get(),
          new TreeMap<>(statuses));

      // then: the delete succeeded and no request got a server error
      assertThat(deleteStatus).isEqualTo(204);
      assertThat(statuses.keySet()).noneMatch(k -> k.matches(".* 5\\d\\d"));
      assertThat(statuses.keySet())
          .allMatch(k -> k.matches("upload (202|404|409)|search (200|404)"));
    }

    // and: the server starts again on the same data, and the deleted knowledge base is gone
    try (ServerProcess server = new ServerProcess(data, Map.of()).start()) {
      server.api().get("/api/kbs/" + doomed).then().statusCode(404);
      await()
          .atMost(Duration.ofMinutes(2))
          .until(
              () ->
                  "READY"
                      .equals(
                          server
                              .api()
                              .get("/api/kbs/" + survivor + "/documents/" + survivorDoc)
                              .then()
                              .extract()
                              .path("status")));
      server
          .api()
          .get("/api/kbs/" + survivor + "/documents/" + survivorDoc + "/content")
          .then()
          .statusCode(200);
    }
    assertThat(data.resolve("indexes").resolve(doomed)).doesNotExist();
    assertNoOrphans(data, doomed);
  }

  /** After the server stopped: every row belongs to a live parent, every blob to a version. */
  private static void assertNoOrphans(Path data, String doomed) throws SQLException {
    String url = "jdbc:h2:file:" + data.toAbsolutePath().resolve("catalogue");
    try (Connection c = DriverManager.getConnection(url, "sa", "");
        Statement s = c.createStatement()) {
      assertThat(count(s, "select count(*) from knowledge_base where id = '" + doomed + "'"))
          .isZero();
      assertThat(count(s, "select count(*) from document where kb_id = '" + doomed + "'")).isZero();
      assertThat(
              count(
                  s,
                  "select count(*) from document d where not exists"
                      + " (select 1 from knowledge_base k where k.id = d.kb_id)"))
          .isZero();
      assertThat(
              count(
                  s,
                  "select count(*) from ingestion_job j where not exists"
                      + " (select 1 from document d where d.id = j.document_id)"))
          .isZero();
      assertThat(
              count(
                  s,
                  "select count(*) from document_version v where not exists"
                      + " (select 1 from document d where d.id = v.document_id)"))
          .isZero();
      assertThat(count(s, "select count(*) from api_key where kb_id = '" + doomed + "'")).isZero();
      Set<String> used = new HashSet<>();
      try (ResultSet r = s.executeQuery("select distinct sha256 from document_version")) {
        while (r.next()) {
          used.add(r.getString(1));
        }
      }
      try (Stream<Path> files = Files.list(data.resolve("blobs"))) {
        List<String> blobs =
            files
                .map(p -> p.getFileName().toString())
                .filter(n -> n.matches("[0-9a-f]{64}"))
                .toList();
        assertThat(used).as("versions whose blob is missing").isSubsetOf(blobs);
        assertThat(blobs).as("blobs no version refers to").isSubsetOf(used);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  private static long count(Statement s, String sql) throws SQLException {
    try (ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }

  private static Response upload(ServerProcess server, String kb, Path file) {
    return server.api().multiPart("file", file.toFile()).post("/api/kbs/" + kb + "/documents");
  }

  private Path write(String name, String text) {
    try {
      Path dir = Files.createTempDirectory(tmp, "upload-");
      return Files.writeString(dir.resolve(name), text);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String text(int n) {
    return "Ledger entry "
        + n
        + " records that quartz crate "
        + n * 31
        + " went to warehouse "
        + (char) ('A' + n % 26)
        + ".";
  }
}
