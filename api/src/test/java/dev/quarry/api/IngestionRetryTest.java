package dev.quarry.api;

import static dev.quarry.api.testing.Api.ADMIN;
import static dev.quarry.api.testing.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.quarry.api.catalogue.IngestionJob;
import dev.quarry.api.engine.Pipelines;
import dev.quarry.api.testing.Api;
import dev.quarry.api.testing.TempDataDir;
import dev.quarry.retriever.index.ChunkIndexes;
import dev.quarry.retriever.index.IndexStore;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.Lock;
import org.junit.jupiter.api.Test;

/**
 * Failures of the machine rather than of the file are retried with backoff, and the document ends
 * READY once the cause is gone.
 */
@QuarkusTest
@WithTestResource(TempDataDir.class)
class IngestionRetryTest {

  @Inject Pipelines pipelines;
  @Inject ChunkIndexes indexes;

  @Test
  void should_retry_with_backoff_and_end_ready_when_the_index_comes_back() throws Exception {
    // given: the knowledge base's index writer has died (as after a full disk), and another
    // process holds the index's write lock, so it cannot be opened again for now
    String kb = Api.createKb("Flaky disk");
    pipelines.index(kb).close();
    try (Directory dir = FSDirectory.open(((IndexStore) indexes).root().resolve(kb))) {
      Lock other = dir.obtainLock(IndexWriter.WRITE_LOCK_NAME);
      String id;
      try {
        // when: a file is uploaded
        id =
            Api.upload(ADMIN, kb, Api.file("tides.txt", "Spring tides follow the new moon."))
                .get(0);

        // then: the upload is kept and queued again, with the reason, instead of failing
        JsonPath waiting = awaitError(kb, id);
        assertThat(waiting.getString("status")).isIn("QUEUED", "PROCESSING");
        assertThat(waiting.getString("error"))
            .startsWith("retrying after:")
            .contains("locked by another process");
      } finally {
        // when: the other process lets go
        other.close();
      }

      // then: a later attempt reopens the index and the document becomes searchable
      Api.awaitReady(kb, id);
      assertThat(Api.search(ADMIN, kb, "When are spring tides?").getString("passages[0].text"))
          .contains("new moon");
      int attempts =
          QuarkusTransaction.requiringNew()
              .call(() -> IngestionJob.<IngestionJob>find("documentId", id).firstResult().attempts);
      assertThat(attempts).isBetween(2, 5);
    }
  }

  private static JsonPath awaitError(String kb, String id) {
    JsonPath[] last = new JsonPath[1];
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> {
              last[0] =
                  as(ADMIN)
                      .get("/api/kbs/" + kb + "/documents/" + id)
                      .then()
                      .statusCode(200)
                      .extract()
                      .jsonPath();
              return last[0].getString("error") != null;
            });
    return last[0];
  }
}
