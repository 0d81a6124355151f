package dev.quarry.api;

import static dev.quarry.api.testing.Api.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.quarry.api.testing.Api;
import dev.quarry.api.testing.RawHttp;
import dev.quarry.api.testing.RawHttp.Head;
import dev.quarry.api.testing.TempDataDir;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, item 3: request bodies sent slowly, or to a knowledge base the key cannot reach, must
 * not hold the server. Every connection here is to the test server on the loopback interface, and
 * every loop is bounded in count and time.
 */
@QuarkusTest
@WithTestResource(TempDataDir.class)
class SlowBodyTest {

  private static final Duration ANSWER_WITHIN = Duration.ofSeconds(5);

  @TestHTTPResource("/")
  URL base;

  @Test
  void should_refuse_an_upload_before_reading_its_body_when_the_key_cannot_write_there()
      throws IOException {
    // given
    String kbA = Api.createKb("Alpha");
    String kbB = Api.createKb("Beta");
    String readerOfA = Api.newKey(kbA, "reader");
    String writerOfB = Api.newKey(kbB, "writer");

    for (var attempt : List.of(List.of(readerOfA, 403), List.of(writerOfB, 404))) {
      // when: the head of an upload arrives, and not one byte of its body
      try (RawHttp upload =
          RawHttp.open(
              base,
              "POST",
              "/api/kbs/" + kbA + "/documents",
              (String) attempt.get(0),
              RawHttp.multipartType(),
              -1)) {
        Head head = upload.readHead(ANSWER_WITHIN);

        // then: the refusal comes without waiting for the body
        assertThat(head.status()).isEqualTo(attempt.get(1));
        assertThat(head.headers().get("content-type")).startsWith("application/problem+json");
      }
    }
  }

  @Test
  void should_store_nothing_of_a_200_mb_upload_to_a_knowledge_base_the_key_cannot_reach()
      throws Exception {
    // given
    String kbA = Api.createKb("Target");
    String outsider = Api.newKey(Api.createKb("Elsewhere"), "writer");
    Path incoming = dataDir().resolve("blobs").resolve("incoming");
    long total = 200L * 1024 * 1024;
    AtomicLong sent = new AtomicLong();
    List<Long> spooled = new CopyOnWriteArrayList<>();

    try (RawHttp upload =
        RawHttp.open(
            base,
            "POST",
            "/api/kbs/" + kbA + "/documents",
            outsider,
            RawHttp.multipartType(),
            -1)) {
      // when: the client streams up to 200 MB while the server decides
      Thread writer =
          new Thread(
              () -> {
                byte[] chunk = new byte[64 * 1024];
                try {
                  upload.sendChunk(RawHttp.multipartStart("big.txt"));
                  while (sent.get() < total) {
                    upload.sendChunk(chunk);
                    sent.addAndGet(chunk.length);
                    if (sent.get() % (16L * 1024 * 1024) == 0) {
                      spooled.add(sizeOf(incoming));
                    }
                  }
                } catch (IOException closedByServer) {
                  // the server closed the connection: the upload ends here
                }
              },
              "upload-200mb");
      writer.start();
      Head head = upload.readHead(Duration.ofSeconds(60));
      upload.close();
      writer.join(TimeUnit.SECONDS.toMillis(60));

      // then
      assertThat(head.status()).isEqualTo(404);
      assertThat(sent.get()).isLessThan(total);
      assertThat(Collections.max(append(spooled, sizeOf(incoming)))).isZero();
    }
  }

  @Test
  void should_answer_429_with_retry_after_when_a_key_has_too_many_uploads_in_flight()
      throws Exception {
    // given: as many uploads in flight as one key may have, each sent slowly
    String kb = Api.createKb("Busy");
    String writer = Api.newKey(kb, "writer");
    int max =
        ConfigProvider.getConfig()
            .getValue("quarry.limits.max-concurrent-uploads-per-key", Integer.class);
    List<RawHttp> open = new ArrayList<>();
    try {
      for (int i = 0; i < max; i++) {
        open.add(slowUpload(kb, writer));
      }

      // when: one more arrives (tried until the others have been let in, at most 10 times)
      Head refused = null;
      for (int attempt = 0; attempt < 10 && refused == null; attempt++) {
        RawHttp extra = slowUpload(kb, writer);
        open.add(extra);
        try {
          refused = extra.readHead(Duration.ofSeconds(2));
        } catch (SocketTimeoutException admitted) {
          // let in: an earlier one was still being checked
        }
      }

      // then
      assertThat(refused).as("no upload was refused").isNotNull();
      assertThat(refused.status()).isEqualTo(429);
      assertThat(refused.headers().get("retry-after")).matches("\\d+");
      assertThat(refused.headers().get("content-type")).startsWith("application/problem+json");
    } finally {
      open.forEach(RawHttp::close);
    }
    // and the key may upload again once its uploads are over
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThatCode(() -> Api.upload(writer, kb, Api.file("after.txt", "After.")))
                    .doesNotThrowAnyException());
  }

  @Test
  void should_cut_off_a_body_that_stalls() throws IOException {
    // given
    String kb = Api.createKb("Stalled");

    try (RawHttp search =
        RawHttp.open(base, "POST", "/api/kbs/" + kb + "/search", ADMIN, "application/json", 100)) {
      // when: ten bytes of a hundred, then nothing
      search.send("{\"query\":".getBytes(StandardCharsets.US_ASCII));

      // then
      Head head = search.readHead(Duration.ofSeconds(60));
      assertThat(head.status()).isEqualTo(408);
    }
  }

  @Test
  void should_cut_off_a_body_that_trickles_past_its_deadline() throws Exception {
    // given
    String kb = Api.createKb("Trickle");
    Duration deadline =
        ConfigProvider.getConfig().getValue("quarry.limits.body-deadline", Duration.class);

    try (RawHttp search =
        RawHttp.open(base, "POST", "/api/kbs/" + kb + "/search", ADMIN, "application/json", 1000)) {
      // when: one byte a second, never stalling, for at most twice the deadline
      Head head = null;
      for (long i = 0; i < deadline.toSeconds() * 2 && head == null; i++) {
        try {
          search.send(new byte[] {' '});
          head = search.readHead(Duration.ofSeconds(1));
        } catch (SocketTimeoutException stillReading) {
          // not answered yet
        } catch (IOException closed) {
          head = search.readHead(Duration.ofSeconds(5));
        }
      }

      // then
      assertThat(head).as("the body was never cut off").isNotNull();
      assertThat(head.status()).isEqualTo(408);
    }
  }

  /**
   * The attack of issue 14: about 200 connections from a reader key, each sending a body one byte
   * every two seconds. Searches and the readiness check must still be answered.
   */
  @Test
  void should_keep_search_and_readiness_answering_while_200_slow_bodies_arrive_from_a_reader()
      throws Exception {
    // given
    String kb = Api.createKb("Target");
    Api.awaitReady(kb, Api.upload(ADMIN, kb, Api.file("a.txt", "The vault code is 1111.")).get(0));
    String reader = Api.newKey(kb, "reader");
    List<RawHttp> slow = new ArrayList<>();
    ScheduledExecutorService dripper =
        Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "slow-bodies"));
    HttpClient http = HttpClient.newBuilder().connectTimeout(ANSWER_WITHIN).build();
    try {
      for (int i = 0; i < 200; i++) {
        slow.add(
            RawHttp.open(
                base, "POST", "/api/kbs/" + kb + "/search", reader, "application/json", 500));
      }
      for (int i = 0; i < 20; i++) {
        slow.add(
            RawHttp.open(
                base,
                "POST",
                "/api/kbs/" + kb + "/documents",
                reader,
                RawHttp.multipartType(),
                5000));
      }
      // one byte every two seconds on each connection, stopped in the finally block
      dripper.scheduleAtFixedRate(() -> drip(slow), 0, 2, TimeUnit.SECONDS);
      Thread.sleep(3000); // the slow bodies have started

      // when
      List<Long> searchMillis = new ArrayList<>();
      List<Long> readyMillis = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        searchMillis.add(timed(http, search(kb, reader), 200));
        if (i % 2 == 0) {
          readyMillis.add(timed(http, HttpRequest.newBuilder(uri("/q/health/ready")).build(), 200));
        }
      }

      // then: every call was answered within the client's timeout (timed() asserts it)
      long stillOpen = slow.stream().filter(c -> !c.isClosed()).count();
      System.out.printf(
          "SLOW-BODIES %d slow connections (%d still open): search p50 %d ms, max %d ms;"
              + " ready p50 %d ms, max %d ms%n",
          slow.size(),
          stillOpen,
          p50(searchMillis),
          Collections.max(searchMillis),
          p50(readyMillis),
          Collections.max(readyMillis));
    } finally {
      dripper.shutdownNow();
      dripper.awaitTermination(10, TimeUnit.SECONDS);
      slow.forEach(RawHttp::close);
    }
  }

  /** Issue 14, item 9: a client that hangs up is not a server error. */
  @Test
  void should_not_log_an_error_when_clients_hang_up_in_the_middle_of_their_bodies()
      throws Exception {
    // given
    String kb = Api.createKb("Hang-ups");
    String writer = Api.newKey(kb, "writer");
    List<LogRecord> errors = new CopyOnWriteArrayList<>();
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.SEVERE.intValue()
                && !String.valueOf(record.getMessage()).contains("Uncaught exception")) {
              errors.add(record);
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
    root.addHandler(capture);
    try {
      // when: bodies are started and the connections closed before they are complete
      List<RawHttp> hungUp = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        RawHttp search =
            RawHttp.open(
                base, "POST", "/api/kbs/" + kb + "/search", writer, "application/json", 100);
        search.send("{\"query\":".getBytes(StandardCharsets.US_ASCII));
        hungUp.add(search);
      }
      hungUp.add(slowUpload(kb, writer));
      Api.search(writer, kb, "anything"); // the bodies have reached the server by now
      hungUp.forEach(RawHttp::close);

      // then: nothing is logged as an error while the server notices
      org.awaitility.Awaitility.await()
          .during(Duration.ofSeconds(2))
          .atMost(Duration.ofSeconds(5))
          .until(errors::isEmpty);
    } finally {
      root.removeHandler(capture);
    }
    assertThat(errors).extracting(LogRecord::getMessage).isEmpty();
  }

  private RawHttp slowUpload(String kb, String key) throws IOException {
    RawHttp upload =
        RawHttp.open(
            base, "POST", "/api/kbs/" + kb + "/documents", key, RawHttp.multipartType(), 100_000);
    upload.send(RawHttp.multipartStart("slow.txt"));
    return upload;
  }

  private static void drip(List<RawHttp> connections) {
    for (RawHttp c : connections) {
      try {
        c.send(new byte[] {' '});
      } catch (IOException closedByServer) {
        c.close();
      }
    }
  }

  private HttpRequest search(String kb, String key) {
    return HttpRequest.newBuilder(uri("/api/kbs/" + kb + "/search"))
        .header("Authorization", "Bearer " + key)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"vault code\",\"k\":3}"))
        .build();
  }

  /** Sends a request with the client timeout and returns how long it took. */
  private static long timed(HttpClient http, HttpRequest request, int expectedStatus)
      throws Exception {
    HttpRequest withTimeout =
        HttpRequest.newBuilder(request, (n, v) -> true).timeout(ANSWER_WITHIN).build();
    long start = System.nanoTime();
    HttpResponse<String> response = http.send(withTimeout, HttpResponse.BodyHandlers.ofString());
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertThat(response.statusCode())
        .as(request.uri() + ": " + response.body())
        .isEqualTo(expectedStatus);
    return millis;
  }

  private URI uri(String path) {
    return URI.create("http://" + base.getHost() + ":" + base.getPort() + path);
  }

  private static long p50(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  private static Path dataDir() {
    return Path.of(ConfigProvider.getConfig().getValue("quarry.data-dir", String.class));
  }

  private static long sizeOf(Path dir) {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(SlowBodyTest::size).sum();
    } catch (IOException | java.io.UncheckedIOException e) {
      return 0; // a file removed while walking
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }

  private static List<Long> append(List<Long> values, long last) {
    List<Long> all = new ArrayList<>(values);
    all.add(last);
    return all;
  }
}
