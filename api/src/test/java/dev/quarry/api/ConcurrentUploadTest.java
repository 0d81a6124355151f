package dev.quarry.api;

import static dev.quarry.api.testing.Api.as;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.api.catalogue.DocumentVersion;
import dev.quarry.api.testing.Api;
import dev.quarry.api.testing.TempDataDir;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Uploads of one file name at the same time each become a version; none fails. */
@QuarkusTest
@WithTestResource(TempDataDir.class)
class ConcurrentUploadTest {

  private static final int UPLOADS = 10;

  @Test
  void should_make_each_of_ten_concurrent_same_name_uploads_a_version() throws Exception {
    // given: ten different contents under one name
    String kb = Api.createKb("Same name");
    List<Path> files =
        IntStream.range(0, UPLOADS)
            .mapToObj(i -> Api.file("same.txt", "Version " + i + " of the same file, about kites."))
            .toList();

    // when: all are uploaded at once, each by its own writer (one key may have only a few uploads
    // in flight: quarry.limits.max-concurrent-uploads-per-key)
    List<String> writers =
        IntStream.range(0, UPLOADS).mapToObj(i -> Api.newKey(kb, "writer")).toList();
    ExecutorService pool = Executors.newFixedThreadPool(UPLOADS);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<JsonPath>> answers = new ArrayList<>();
    try {
      for (int i = 0; i < UPLOADS; i++) {
        Path f = files.get(i);
        String key = writers.get(i);
        Callable<JsonPath> upload =
            () -> {
              start.await();
              var r = as(key).multiPart("file", f.toFile()).post("/api/kbs/" + kb + "/documents");
              assertThat(r.statusCode()).as(r.asString()).isEqualTo(202);
              return r.jsonPath();
            };
        answers.add(pool.submit(upload));
      }
      start.countDown();
      List<Long> versions = new ArrayList<>();
      List<String> ids = new ArrayList<>();
      for (Future<JsonPath> a : answers) {
        versions.add(a.get().getLong("[0].version"));
        ids.add(a.get().getString("[0].id"));
      }

      // then: one document, ten versions numbered 1 to 10, the latest one indexed
      assertThat(ids).containsOnly(ids.get(0));
      assertThat(versions).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
      String id = ids.get(0);
      assertThat(
              QuarkusTransaction.requiringNew()
                  .call(() -> DocumentVersion.count("key.documentId", id)))
          .isEqualTo(UPLOADS);
      JsonPath doc = Api.awaitReady(kb, id);
      assertThat(doc.getLong("version")).isEqualTo(UPLOADS);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void should_accept_concurrent_requests_that_share_bytes_in_opposite_orders() throws Exception {
    // given: two knowledge bases, and two contents that every request below carries, half of the
    // requests in one order and half in the other (their blob locks overlap both ways)
    String first = Api.createKb("Shared bytes one");
    String second = Api.createKb("Shared bytes two");
    String a = "Kites fly best in a steady sea breeze.";
    String b = "Kite lines are waxed against the salt.";
    ExecutorService pool = Executors.newFixedThreadPool(UPLOADS);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<List<String>>> answers = new ArrayList<>();
    try {
      for (int i = 0; i < UPLOADS; i++) {
        boolean forward = i % 2 == 0;
        String kb = forward ? first : second;
        String key = Api.newKey(kb, "writer");
        Path one = Api.file("r" + i + "-1.txt", forward ? a : b);
        Path two = Api.file("r" + i + "-2.txt", forward ? b : a);
        answers.add(
            pool.submit(
                () -> {
                  start.await();
                  return Api.upload(key, kb, one, two);
                }));
      }

      // when
      start.countDown();

      // then: every request is accepted (none waits on another for good), each with its two files
      for (Future<List<String>> answer : answers) {
        assertThat(answer.get(60, TimeUnit.SECONDS)).hasSize(2);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
