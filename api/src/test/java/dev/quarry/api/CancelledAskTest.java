package dev.quarry.api;

import static dev.quarry.api.testing.Api.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.quarry.api.engine.Answers;
import dev.quarry.api.testing.Api;
import dev.quarry.api.testing.TempDataDir;
import dev.quarry.generator.AnswerGenerator;
import dev.quarry.generator.AnswerSettings;
import dev.quarry.generator.grounding.SentenceEmbedder;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A client that goes away while its question is answered extractively (no model installed): the
 * answer stops at its next stage instead of running to the end, and nothing is logged as a warning
 * or an error. The stages are counted through the sentence embedder, which the evidence scoring and
 * then the grounding check each call once.
 */
@QuarkusTest
@WithTestResource(TempDataDir.class)
class CancelledAskTest {

  private static final String QUESTION = "What does the Zorblat reactor run on?";

  @Inject SentenceEmbedder sentences;
  @Inject MeterRegistry metrics;

  @TestHTTPResource("/")
  URL server;

  private String kb;

  @BeforeEach
  void a_knowledge_base_about_reactors() {
    kb = Api.createKb("Cancelled " + System.nanoTime());
    Api.awaitReady(
        kb,
        Api.upload(
                ADMIN,
                kb,
                Api.file(
                    "reactor.md",
                    "# Zorblat\n\nThe Zorblat reactor runs on helium-3. It was commissioned in"
                        + " 2031. Its core is cooled by liquid sodium.\n"))
            .get(0));
  }

  @ParameterizedTest(name = "Accept: {0}")
  @ValueSource(strings = {"application/json", "text/event-stream"})
  void should_stop_an_extractive_answer_when_the_client_disconnects(String accept)
      throws Exception {
    // given: an extractive generator whose first embedding (the evidence) waits for the hang-up
    AtomicInteger embeddings = new AtomicInteger();
    CountDownLatch scoring = new CountDownLatch(1);
    CountDownLatch disconnected = new CountDownLatch(1);
    SentenceEmbedder watched =
        stages(
            texts -> {
              if (embeddings.incrementAndGet() == 1) {
                scoring.countDown();
                awaitQuietly(disconnected);
              }
              return sentences.embed(texts);
            });
    extractive(watched);
    double asksBefore = asksAnswered();
    List<LogRecord> warnings = captureWarnings();

    try {
      // when: the client asks, and hangs up while the evidence is being scored
      try (Socket socket = ask(accept)) {
        assertThat(scoring.await(20, TimeUnit.SECONDS)).isTrue();
      }
      Thread.sleep(300); // the server sees the connection close
      disconnected.countDown();

      // then: the ask ended after the evidence, without the grounding check's embedding
      await().atMost(Duration.ofSeconds(20)).until(() -> asksAnswered() > asksBefore);
      assertThat(embeddings.get()).isEqualTo(1);
      await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(warnings::isEmpty);
    } finally {
      stopCapturing();
    }
    assertThat(warnings).extracting(LogRecord::getMessage).isEmpty();
  }

  /** A control: the same ask, read to the end, runs both stages. */
  @Test
  void should_run_every_stage_when_the_client_stays() {
    // given
    AtomicInteger embeddings = new AtomicInteger();
    extractive(
        stages(
            texts -> {
              embeddings.incrementAndGet();
              return sentences.embed(texts);
            }));

    // when
    String answer = Api.ask(ADMIN, kb, QUESTION).getString("answer");

    // then
    assertThat(answer).contains("helium-3");
    assertThat(embeddings.get()).isEqualTo(2);
  }

  /**
   * The sentence embedder, with each batch of sentences (one per stage: evidence, grounding) going
   * through {@code batches}; the question's query embedding is part of the evidence stage and is
   * not counted.
   */
  private SentenceEmbedder stages(Function<List<String>, float[][]> batches) {
    return new SentenceEmbedder() {
      @Override
      public float[][] embed(List<String> texts) {
        return batches.apply(texts);
      }

      @Override
      public float[] embedQuery(String question) {
        return sentences.embedQuery(question);
      }
    };
  }

  private void extractive(SentenceEmbedder embedder) {
    AnswerGenerator generator =
        new AnswerGenerator(Optional.empty(), embedder, AnswerSettings.DEFAULT);
    QuarkusMock.installMockForType(
        new Answers() {
          @Override
          public AnswerGenerator generator() {
            return generator;
          }
        },
        Answers.class);
  }

  private double asksAnswered() {
    return metrics.timer("quarry.ask").count();
  }

  private Handler capture;

  private List<LogRecord> captureWarnings() {
    List<LogRecord> warnings = new CopyOnWriteArrayList<>();
    capture =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
              warnings.add(record);
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    java.util.logging.Logger.getLogger("").addHandler(capture);
    return warnings;
  }

  private void stopCapturing() {
    java.util.logging.Logger.getLogger("").removeHandler(capture);
  }

  /** A raw HTTP/1.1 POST of the question on its own socket, so the test can drop it. */
  private Socket ask(String accept) throws Exception {
    Socket socket = new Socket(server.getHost(), server.getPort());
    byte[] body = ("{\"question\":\"" + QUESTION + "\"}").getBytes(StandardCharsets.UTF_8);
    OutputStream out = socket.getOutputStream();
    out.write(
        ("POST /api/kbs/"
                + kb
                + "/ask HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                + ADMIN
                + "\r\nContent-Type: application/json\r\nAccept: "
                + accept
                + "\r\nContent-Length: "
                + body.length
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.write(body);
    out.flush();
    return socket;
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(20, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
