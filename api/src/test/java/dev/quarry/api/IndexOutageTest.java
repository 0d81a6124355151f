package dev.quarry.api;

import static dev.quarry.api.testing.Api.ADMIN;
import static dev.quarry.api.testing.Api.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.quarry.api.engine.Pipelines;
import dev.quarry.api.testing.Api;
import dev.quarry.api.testing.TempDataDir;
import dev.quarry.retriever.index.ChunkIndexes;
import dev.quarry.retriever.index.IndexStore;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.Lock;
import org.junit.jupiter.api.Test;

/**
 * A knowledge base's index is unusable for a while under a queue of 30 documents: none of them
 * fails, readiness names the knowledge base, and the queue drains by itself once the index is back.
 * (The test profile retries from 0.2 s up to 1 s apart for 2 minutes.)
 */
@QuarkusTest
@WithTestResource(TempDataDir.class)
class IndexOutageTest {

  private static final int DOCUMENTS = 30;
  private static final Duration OUTAGE = Duration.ofSeconds(8);

  @Inject Pipelines pipelines;
  @Inject ChunkIndexes indexes;

  @Test
  void should_hold_the_queue_through_an_index_outage_and_drain_it_after() throws Exception {
    // given: the index's writer has died and another process holds its write lock
    String kb = Api.createKb("Outage");
    pipelines.index(kb).close();
    List<String> ids = new ArrayList<>();
    try (Directory dir = FSDirectory.open(((IndexStore) indexes).root().resolve(kb))) {
      Lock other = dir.obtainLock(IndexWriter.WRITE_LOCK_NAME);
      try {
        // when: 30 documents are queued
        for (int batch = 0; batch < DOCUMENTS / 5; batch++) {
          List<Path> files = new ArrayList<>();
          for (int i = 0; i < 5; i++) {
            int n = batch * 5 + i;
            files.add(Api.file("tide-" + n + ".txt", "Tide table " + n + " lists the neap tides."));
          }
          ids.addAll(Api.upload(ADMIN, kb, files.toArray(Path[]::new)));
        }

        // then: readiness names the knowledge base
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> given().get("/q/health/ready").statusCode() == 503);
        Map<String, Object> data =
            given()
                .get("/q/health/ready")
                .then()
                .extract()
                .jsonPath()
                .getMap("checks.find { it.name == 'quarry' }.data");
        assertThat(String.valueOf(data.get("indexUnavailable"))).contains(kb);
        assertThat(String.valueOf(data.get("index " + kb))).contains("locked by another process");

        // and: a search meanwhile is told to come back later (the failure's type says it may pass)
        as(ADMIN)
            .contentType("application/json")
            .body("{\"query\":\"neap tides\"}")
            .post("/api/kbs/" + kb + "/search")
            .then()
            .statusCode(503)
            .contentType("application/problem+json")
            .header("Retry-After", org.hamcrest.Matchers.matchesPattern("\\d+"));

        // and: through the outage no document fails, and no error advises deleting anything
        await().during(OUTAGE).atMost(OUTAGE.plusSeconds(30)).until(() -> count(kb, "FAILED") == 0);
        List<String> errors = errors(kb);
        assertThat(errors).isNotEmpty();
        assertThat(errors)
            .allSatisfy(
                e ->
                    assertThat(e.toLowerCase(Locale.ROOT))
                        .startsWith("retrying after: the index is unavailable")
                        .doesNotContain("delete"));
      } finally {
        // when: the other process lets go
        other.close();
      }
    }

    // then: every document becomes READY by itself, and readiness is up again
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> count(kb, "READY") == DOCUMENTS);
    given().get("/q/health/ready").then().statusCode(200);
    assertThat(count(kb, "FAILED")).isZero();
  }

  private static long count(String kb, String status) {
    return as(ADMIN)
        .get("/api/kbs/" + kb + "/documents?size=1&status=" + status)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getLong("total");
  }

  private static List<String> errors(String kb) {
    return as(ADMIN)
        .get("/api/kbs/" + kb + "/documents?size=100")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .<String>getList("items.error")
        .stream()
        .filter(e -> e != null)
        .toList();
  }
}
