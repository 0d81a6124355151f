package dev.quarry.api.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills the real server with SIGKILL while it ingests a batch, or re-indexes a knowledge base,
 * restarts it on the same data, and checks that every acknowledged upload ends READY, no search
 * returns half a document, and the re-index completes and replaces the old index whole.
 */
class CrashRecoveryIT {

  private static final int FILES = 24;

  @TempDir Path tmp;

  @Test
  void should_finish_every_acknowledged_upload_after_sigkill_mid_ingestion() throws Exception {
    Path data = tmp.resolve("data");
    Files.createDirectories(data);
    // one worker, two documents a batch: the kill lands between commits
    Map<String, String> oneWorker =
        ServerProcess.env("QUARRY_INGESTION_WORKERS", "1", "QUARRY_INGESTION_BATCH_DOCUMENTS", "2");
    List<String> ids = new ArrayList<>();
    String kb;

    // given: a batch being ingested
    try (ServerProcess server = new ServerProcess(data, oneWorker).start()) {
      kb = server.createKb("Crash");
      for (int batch = 0; batch < FILES / 4; batch++) {
        RequestSpecification upload = server.api();
        for (int i = 0; i < 4; i++) {
          int n = batch * 4 + i;
          upload = upload.multiPart("file", document(n).toFile());
        }
        ids.addAll(
            upload
                .post("/api/kbs/" + kb + "/documents")
                .then()
                .statusCode(202)
                .extract()
                .jsonPath()
                .getList("id", String.class));
      }
      await().atMost(Duration.ofMinutes(3)).until(() -> server.count(kb, "READY") >= 2);
      long ready = server.count(kb, "READY");
      assertThat(ready).as("the kill must land mid-batch").isLessThan(FILES);
      System.out.printf(
          Locale.ROOT, "CrashRecoveryIT: SIGKILL with %d of %d documents READY%n", ready, FILES);

      // when
      server.kill();
    }

    // then: after a restart every acknowledged document becomes READY
    try (ServerProcess server = new ServerProcess(data, oneWorker).start()) {
      await()
          .atMost(Duration.ofMinutes(5))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> server.count(kb, "READY") + server.count(kb, "FAILED") == FILES);
      JsonPath docs =
          server.api().get("/api/kbs/" + kb + "/documents?size=500").then().extract().jsonPath();
      assertThat(docs.getList("items.id", String.class)).containsExactlyInAnyOrderElementsOf(ids);
      assertThat(docs.getList("items.status", String.class)).containsOnly("READY");

      // and no search returns half a document: each document's chunks are all there, once
      List<Integer> chunks = docs.getList("items.chunks", Integer.class);
      List<String> docIds = docs.getList("items.id", String.class);
      for (int i = 0; i < docIds.size(); i++) {
        List<String> found =
            server
                .api()
                .contentType(ContentType.JSON)
                .body(
                    Map.of(
                        "query",
                        "ledger entry",
                        "k",
                        50,
                        "filters",
                        Map.of("documentId", List.of(docIds.get(i)))))
                .post("/api/kbs/" + kb + "/search")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("passages.id", String.class);
        assertThat(found).doesNotHaveDuplicates().hasSize(chunks.get(i));
      }
      System.out.printf(
          Locale.ROOT,
          "CrashRecoveryIT: after restart %d of %d READY, every document's chunks complete%n",
          docIds.size(),
          FILES);
    }
  }

  @Test
  void should_finish_a_reindex_after_sigkill_mid_reindex_and_switch_to_it_whole() throws Exception {
    Path data = tmp.resolve("data");
    Files.createDirectories(data);
    Map<String, String> oneWorker =
        ServerProcess.env("QUARRY_INGESTION_WORKERS", "1", "QUARRY_INGESTION_BATCH_DOCUMENTS", "2");
    String kb;
    long chunksBefore;

    // given: a knowledge base of FILES documents, re-indexing after a chunk-settings change
    try (ServerProcess server = new ServerProcess(data, oneWorker).start()) {
      kb = server.createKb("Crash re-index");
      RequestSpecification upload = server.api();
      for (int n = 0; n < FILES; n++) {
        upload = upload.multiPart("file", document(n).toFile());
      }
      upload.post("/api/kbs/" + kb + "/documents").then().statusCode(202);
      await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> server.count(kb, "READY") == FILES);
      chunksBefore = server.kb(kb).getLong("chunks");
      server
          .api()
          .contentType(ContentType.JSON)
          .body(Map.of("chunkTokens", 64, "chunkOverlap", 0))
          .patch("/api/kbs/" + kb)
          .then()
          .statusCode(200);
      await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> server.kb(kb).getInt("reindex.done") >= 2);
      JsonPath during = server.kb(kb);
      assertThat(during.getInt("reindex.done"))
          .as("the kill must land mid-re-index")
          .isLessThan(FILES);
      System.out.printf(
          Locale.ROOT,
          "CrashRecoveryIT: SIGKILL with %d of %d documents in the new index%n",
          during.getInt("reindex.done"),
          FILES);

      // when
      server.kill();
    }

    // then: after a restart the searches use the old index, whole, until the re-index completes,
    // and then every document's chunks are the new settings' and nothing is left of the old index
    try (ServerProcess server = new ServerProcess(data, oneWorker).start()) {
      long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
      JsonPath view = server.kb(kb);
      while (view.get("reindex") != null) {
        assertThat(System.nanoTime()).as("re-index finished in time").isLessThan(deadline);
        assertThat(view.getLong("chunks")).isEqualTo(chunksBefore);
        Thread.sleep(250);
        view = server.kb(kb);
      }
      assertThat(view.getInt("chunkTokens")).isEqualTo(64);
      assertThat(view.getLong("chunks")).isGreaterThan(chunksBefore);
      JsonPath docs =
          server.api().get("/api/kbs/" + kb + "/documents?size=500").then().extract().jsonPath();
      assertThat(docs.getList("items.status", String.class)).hasSize(FILES).containsOnly("READY");
      long sum =
          docs.getList("items.chunks", Integer.class).stream().mapToLong(Integer::longValue).sum();
      assertThat(sum).isEqualTo(view.getLong("chunks"));
      try (var dirs = Files.list(data.resolve("indexes"))) {
        assertThat(dirs.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(kb)))
            .containsExactly(kb + "-g1");
      }
      System.out.printf(
          Locale.ROOT,
          "CrashRecoveryIT: re-index finished after the restart, %d chunks (were %d)%n",
          view.getLong("chunks"),
          chunksBefore);
    }
  }

  /** A document of a few chunks, different for each n. */
  private Path document(int n) throws Exception {
    return ledger(tmp, n);
  }

  /** A ledger document of a few chunks in {@code dir}, different for each n. */
  static Path ledger(Path dir, int n) throws Exception {
    StringBuilder text = new StringBuilder("# Ledger " + n + "\n\n");
    for (int p = 0; p < 40; p++) {
      text.append("Ledger entry ")
          .append(n)
          .append('.')
          .append(p)
          .append(" records that account ")
          .append(n * 100 + p)
          .append(" moved ")
          .append(p * 7 + n)
          .append(" crates of quartz to warehouse ")
          .append((char) ('A' + p % 26))
          .append(" on a rainy Tuesday.\n\n");
    }
    Path file = dir.resolve("ledger-" + n + ".md");
    Files.writeString(file, text);
    return file;
  }
}
