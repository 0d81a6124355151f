package dev.quarry.api.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stops the real server with SIGTERM while it ingests and answers, as an orchestrator does: asks in
 * flight end with an answer or a refusal (never a server error), the running ingestion jobs are
 * queued again before the process exits (the next start finds none RUNNING), and a restart finishes
 * every acknowledged upload.
 */
class GracefulShutdownIT {

  private static final int FILES = 24;

  @TempDir Path tmp;

  @Test
  void should_requeue_running_jobs_and_end_asks_cleanly_on_sigterm() throws Exception {
    Path data = tmp.resolve("data");
    Files.createDirectories(data);
    Map<String, String> smallBatches =
        ServerProcess.env("QUARRY_INGESTION_WORKERS", "1", "QUARRY_INGESTION_BATCH_DOCUMENTS", "2");
    List<Integer> askStatuses = new CopyOnWriteArrayList<>();
    String kb;

    // given: uploads being ingested and questions being asked
    try (ServerProcess server = new ServerProcess(data, smallBatches).start()) {
      kb = server.createKb("Shutdown");
      RequestSpecification upload = server.api();
      for (int n = 0; n < FILES; n++) {
        upload = upload.multiPart("file", CrashRecoveryIT.ledger(tmp, n).toFile());
      }
      upload.post("/api/kbs/" + kb + "/documents").then().statusCode(202);
      await().atMost(Duration.ofMinutes(3)).until(() -> server.count(kb, "READY") >= 2);
      AtomicBoolean stopping = new AtomicBoolean();
      Thread asker = askUntilGone(server, kb, askStatuses, stopping);
      await().atMost(Duration.ofMinutes(1)).until(() -> askStatuses.contains(200));
      long ready = server.count(kb, "READY");
      assertThat(ready).as("the stop must land mid-ingestion").isLessThan(FILES);

      // when: SIGTERM
      stopping.set(true);
      server.close();
      asker.join(Duration.ofSeconds(60).toMillis());
    }

    // then: no ask ended in a server error, and at least one was answered
    assertThat(askStatuses).contains(200).allMatch(s -> s == 200 || s == 503 || s == -1);

    // and the next start found nothing left RUNNING or PROCESSING, and finishes every upload
    try (ServerProcess server = new ServerProcess(data, smallBatches).start()) {
      String reconciled =
          Files.readAllLines(server.log()).stream()
              .filter(l -> l.contains("Reconciled catalogue and indexes"))
              .reduce((first, second) -> second)
              .orElseThrow();
      String stopping =
          String.join(
              "\n",
              Files.readAllLines(server.log()).stream()
                  .filter(
                      l ->
                          l.contains("Shutdown")
                              || l.contains("stopped in")
                              || l.contains("WARN")
                              || l.contains("ERROR"))
                  .toList());
      assertThat(reconciled)
          .as("what the first server said as it stopped:%n%s", stopping)
          .contains("0 interrupted jobs re-queued")
          .contains("0 documents re-queued");
      await()
          .atMost(Duration.ofMinutes(5))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> server.count(kb, "READY") == FILES);
    }
  }

  /** Asks until the server is gone; records each status, -1 for a closed or refused connection. */
  private static Thread askUntilGone(
      ServerProcess server, String kb, List<Integer> statuses, AtomicBoolean stopping) {
    Thread asker =
        new Thread(
            () -> {
              while (true) {
                try {
                  statuses.add(
                      server
                          .api()
                          .contentType(ContentType.JSON)
                          .body(Map.of("question", "Which warehouse got the quartz crates?"))
                          .post("/api/kbs/" + kb + "/ask")
                          .then()
                          .extract()
                          .statusCode());
                } catch (Exception gone) { // RestAssured throws ConnectException unwrapped
                  statuses.add(-1);
                  if (stopping.get()) {
                    break;
                  }
                }
              }
            },
            "asker");
    asker.setDaemon(true);
    asker.start();
    return asker;
  }
}
