package dev.quarry.api;

import static dev.quarry.api.testing.Api.ADMIN;
import static dev.quarry.api.testing.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.quarry.api.engine.Answers;
import dev.quarry.api.testing.Api;
import dev.quarry.api.testing.TempDataDir;
import dev.quarry.generator.AnswerGenerator;
import dev.quarry.generator.AnswerSettings;
import dev.quarry.generator.grounding.SentenceEmbedder;
import dev.quarry.generator.testing.ScriptedLanguageModel;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Generated answers end to end: the real REST, SSE and {@code /v1/chat/completions} paths, real
 * retrieval and grounding, with a language model whose output each test scripts token by token.
 */
@QuarkusTest
@WithTestResource(TempDataDir.class)
class GeneratedAnswerApiTest {

  private static final String QUESTION = "What does the Zorblat reactor run on?";

  @Inject SentenceEmbedder sentences;
  @Inject MeterRegistry metrics;

  @TestHTTPResource("/")
  URL server;

  private String kb;

  @BeforeEach
  void a_knowledge_base_about_reactors() {
    kb = Api.createKb("Generated " + System.nanoTime());
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

  /** Puts a generator with this model in the server for the current test. */
  private ScriptedLanguageModel model(ScriptedLanguageModel model) {
    AnswerGenerator generator =
        new AnswerGenerator(Optional.of(model), sentences, AnswerSettings.DEFAULT);
    QuarkusMock.installMockForType(
        new Answers() {
          @Override
          public AnswerGenerator generator() {
            return generator;
          }
        },
        Answers.class);
    return model;
  }

  private JsonPath ask(String question) {
    return Api.ask(ADMIN, kb, question);
  }

  @Test
  void should_return_a_grounded_generated_answer_with_its_citation() {
    // given
    model(new ScriptedLanguageModel("The Zorblat reactor", " runs on helium-3 [1]."));

    // when
    JsonPath answer = ask(QUESTION);

    // then
    assertThat(answer.getString("mode")).isEqualTo("generative");
    assertThat(answer.getString("answer")).isEqualTo("The Zorblat reactor runs on helium-3 [1].");
    assertThat(answer.getString("citations[0].documentName")).isEqualTo("reactor.md");
    assertThat(answer.getList("unsupported")).isEmpty();
    assertThat(answer.getList("unknownCitations")).isEmpty();
    assertThat(answer.getString("abstention")).isNull();
  }

  @Test
  void should_answer_a_follow_up_from_the_query_the_model_rewrote_it_into() {
    // given: the model writes the same text for every prompt: the rewrite, and the answers
    ScriptedLanguageModel model =
        model(new ScriptedLanguageModel("When was the Zorblat reactor", " commissioned?"));
    String conversation =
        as(ADMIN)
            .contentType(ContentType.JSON)
            .body(Map.of())
            .post("/api/kbs/" + kb + "/conversations")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    String ask = "/api/kbs/" + kb + "/conversations/" + conversation + "/ask";
    as(ADMIN)
        .contentType(ContentType.JSON)
        .body(Map.of("question", QUESTION))
        .post(ask)
        .then()
        .statusCode(200);

    // when
    JsonPath answer =
        as(ADMIN)
            .contentType(ContentType.JSON)
            .body(Map.of("question", "When was it commissioned?"))
            .post(ask)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();

    // then: one prompt for the first answer, then the rewrite, then the follow-up's answer
    assertThat(answer.getString("query")).isEqualTo("When was the Zorblat reactor commissioned?");
    assertThat(answer.getString("rewrite")).isEqualTo("model");
    List<String> prompts = model.prompts();
    assertThat(prompts).hasSize(3);
    assertThat(prompts.get(1))
        .contains("User: " + QUESTION)
        .contains("Last question: When was it commissioned?");
    assertThat(prompts.get(2)).contains("When was the Zorblat reactor commissioned?");
  }

  @Test
  void should_remove_and_report_a_citation_of_a_source_that_does_not_exist() {
    // given: the question retrieves one passage, the model cites [7]
    model(new ScriptedLanguageModel("The Zorblat reactor runs on helium-3 [1][7]."));

    // when
    JsonPath answer = ask(QUESTION);

    // then
    assertThat(answer.getString("answer")).isEqualTo("The Zorblat reactor runs on helium-3 [1].");
    assertThat(answer.getList("unknownCitations", Long.class)).containsExactly(7L);
  }

  @Test
  void should_flag_the_sentence_no_source_backs() {
    // given
    model(
        new ScriptedLanguageModel(
            "The Zorblat reactor runs on helium-3 [1].",
            " Its reactor hall is painted a cheerful purple colour [1]."));

    // when
    JsonPath answer = ask(QUESTION);

    // then
    assertThat(answer.getString("mode")).isEqualTo("generative");
    assertThat(answer.getList("unsupported", String.class))
        .singleElement()
        .asString()
        .contains("purple");
  }

  @Test
  void should_abstain_with_related_passages_when_the_model_says_the_sources_lack_the_answer() {
    // given
    model(new ScriptedLanguageModel("NOT_IN_SOURCES"));

    // when
    JsonPath answer = ask("When was the Zorblat reactor's core last refuelled?");

    // then
    assertThat(answer.getString("mode")).isEqualTo("abstained");
    assertThat(answer.getString("abstention.reason")).isEqualTo("model_declined");
    assertThat(answer.getList("citations")).isEmpty();
    assertThat(answer.getString("related[0].documentName")).isEqualTo("reactor.md");
    assertThat(answer.getString("answer")).doesNotContain("NOT_IN_SOURCES");
  }

  @Test
  void should_stream_tokens_then_a_done_event_with_the_checked_answer() {
    // given
    model(new ScriptedLanguageModel("The Zorblat reactor", " runs on helium-3 [1]."));

    // when
    String body =
        as(ADMIN)
            .contentType(ContentType.JSON)
            .accept("text/event-stream")
            .body(Map.of("question", QUESTION))
            .post("/api/kbs/" + kb + "/ask")
            .then()
            .statusCode(200)
            .extract()
            .asString();

    // then
    assertThat(body).contains("event:token").contains("\"text\":\" runs on helium-3 [1].\"");
    assertThat(body.substring(body.indexOf("event:done")))
        .contains("\"mode\":\"generative\"")
        .contains("\"documentName\":\"reactor.md\"");
  }

  @Test
  void should_stop_generating_within_one_step_when_the_sse_client_disconnects() throws Exception {
    // given: a long answer; at step 1 the model waits until the client has gone
    CountDownLatch disconnected = new CountDownLatch(1);
    List<String> script = Collections.nCopies(200, "helium ");
    ScriptedLanguageModel model =
        model(new ScriptedLanguageModel(script, step -> pauseAt(step, 1, disconnected)));

    double asksBefore = asksAnswered();

    // when: a client reads the first token event, then drops the connection
    try (Socket socket = post("/api/kbs/" + kb + "/ask", "{\"question\":\"" + QUESTION + "\"}")) {
      readUntil(socket, "event:token");
    }
    disconnected.countDown();

    // then: the client went before step 1; the answer ended with at most that step run
    await().atMost(Duration.ofSeconds(20)).until(() -> asksAnswered() > asksBefore);
    assertThat(model.steps()).isBetween(1, 2);
  }

  @Test
  void should_answer_openai_chat_completions_with_quarry_fields() {
    // given
    model(new ScriptedLanguageModel("The Zorblat reactor runs on helium-3 [1]."));

    // when
    JsonPath completion = complete(false, QUESTION).jsonPath();

    // then
    assertThat(completion.getString("choices[0].message.content"))
        .startsWith("The Zorblat reactor runs on helium-3 [1].")
        .contains("Sources:\n[1] reactor.md");
    assertThat(completion.getString("mode")).isEqualTo("generative");
    assertThat(completion.getString("citations[0].documentName")).isEqualTo("reactor.md");
  }

  @Test
  void should_answer_openai_chat_completions_abstained_in_the_same_structured_way() {
    // given
    model(new ScriptedLanguageModel("NOT_IN_SOURCES"));

    // when
    JsonPath completion = complete(false, QUESTION).jsonPath();

    // then
    assertThat(completion.getString("mode")).isEqualTo("abstained");
    assertThat(completion.getString("abstention.reason")).isEqualTo("model_declined");
    assertThat(completion.getString("choices[0].message.content"))
        .isEqualTo(AnswerGenerator.ABSTENTION);
  }

  @Test
  void should_never_stream_openai_text_that_the_final_check_rejects() {
    // given: the model starts an answer, cites a source that does not exist, then declines
    model(
        new ScriptedLanguageModel(
            "Helium", " [7]", " maybe.", " NOT_IN_SOURCES", " Actually it is cold fusion."));

    // when
    String body = complete(true, QUESTION).asString();

    // then: only the abstention reaches the client, in chunks, then [DONE]
    String content = String.join("", deltas(body));
    assertThat(content).isEqualTo(AnswerGenerator.ABSTENTION);
    assertThat(body).doesNotContain("[7]").doesNotContain("cold fusion");
    assertThat(body).contains("\"mode\":\"abstained\"");
    assertThat(body.strip()).endsWith("data: [DONE]");
  }

  @Test
  void should_stream_openai_chunks_that_join_into_the_checked_answer() {
    // given
    model(new ScriptedLanguageModel("The Zorblat reactor runs", " on helium-3 [1][7]."));

    // when
    String body = complete(true, QUESTION).asString();

    // then
    assertThat(String.join("", deltas(body)))
        .isEqualTo(
            "The Zorblat reactor runs on helium-3 [1].\n\nSources:\n[1] reactor.md — Zorblat");
    assertThat(body).contains("\"role\":\"assistant\"").contains("\"finish_reason\":\"stop\"");
  }

  @Test
  void should_type_a_completion_as_json_and_a_stream_as_events_framed_like_openai() {
    // given
    model(new ScriptedLanguageModel("The Zorblat reactor runs on helium-3 [1]."));

    // when: OpenAI clients send "Accept: application/json" either way
    io.restassured.response.Response whole =
        as(ADMIN)
            .contentType(ContentType.JSON)
            .accept(ContentType.JSON)
            .body(
                Map.of(
                    "model", kb, "messages", List.of(Map.of("role", "user", "content", QUESTION))))
            .post("/v1/chat/completions");
    io.restassured.response.Response stream = complete(true, QUESTION);

    // then: every stream line is a "data: " frame (space and all), a comment or a blank line
    assertThat(whole.statusCode()).isEqualTo(200);
    assertThat(whole.contentType()).startsWith("application/json");
    assertThat(whole.jsonPath().getString("object")).isEqualTo("chat.completion");
    assertThat(stream.contentType()).startsWith("text/event-stream");
    for (String line : stream.asString().split("\n")) {
      assertThat(line.isEmpty() || line.startsWith("data: ") || line.startsWith(": "))
          .as(line)
          .isTrue();
    }
  }

  @Test
  void should_stop_generating_when_the_openai_stream_client_disconnects() throws Exception {
    // given
    CountDownLatch disconnected = new CountDownLatch(1);
    ScriptedLanguageModel model =
        model(
            new ScriptedLanguageModel(
                Collections.nCopies(200, "helium "), step -> pauseAt(step, 1, disconnected)));

    // when: the client reads the first keep-alive comment, then drops the connection
    String request =
        "{\"model\":\""
            + kb
            + "\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\""
            + QUESTION
            + "\"}]}";
    double asksBefore = asksAnswered();
    try (Socket socket = post("/v1/chat/completions", request)) {
      readUntil(socket, ": generating");
    }
    disconnected.countDown();

    // then: the client went before step 1; the answer ended with at most that step run
    await().atMost(Duration.ofSeconds(20)).until(() -> asksAnswered() > asksBefore);
    assertThat(model.steps()).isBetween(1, 2);
  }

  @Test
  void should_accept_openai_content_given_as_text_parts_and_refuse_a_null_message() {
    // given
    model(new ScriptedLanguageModel("The Zorblat reactor runs on helium-3 [1]."));

    // when / then
    as(ADMIN)
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "model",
                kb,
                "messages",
                List.of(
                    Map.of(
                        "role",
                        "user",
                        "content",
                        List.of(Map.of("type", "text", "text", QUESTION))))))
        .post("/v1/chat/completions")
        .then()
        .statusCode(200);
    as(ADMIN)
        .contentType(ContentType.JSON)
        .body("{\"model\":\"" + kb + "\",\"messages\":[null]}")
        .post("/v1/chat/completions")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
  }

  private io.restassured.response.Response complete(boolean stream, String question) {
    return as(ADMIN)
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "model",
                kb,
                "stream",
                stream,
                "messages",
                List.of(Map.of("role", "user", "content", question))))
        .post("/v1/chat/completions")
        .then()
        .statusCode(200)
        .extract()
        .response();
  }

  /** The {@code delta.content} of every chunk, in order. */
  private static List<String> deltas(String body) {
    List<String> out = new ArrayList<>();
    for (String line : body.split("\n")) {
      if (line.startsWith("data: {")) {
        JsonPath chunk = JsonPath.from(line.substring("data: ".length()));
        String content = chunk.getString("choices[0].delta.content");
        if (content != null) {
          out.add(content);
        }
      }
    }
    return out;
  }

  /** Asks that have ended, answered or cancelled. */
  private double asksAnswered() {
    return metrics.timer("quarry.ask").count();
  }

  private static void pauseAt(int step, int at, CountDownLatch disconnected) {
    if (step != at) {
      return;
    }
    try {
      assertThat(disconnected.await(20, TimeUnit.SECONDS)).isTrue();
      Thread.sleep(300); // the server sees the connection close
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A raw HTTP/1.1 POST on its own socket, so the test can drop the connection mid-stream. */
  private Socket post(String path, String json) throws Exception {
    Socket socket = new Socket(server.getHost(), server.getPort());
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    OutputStream out = socket.getOutputStream();
    out.write(
        ("POST "
                + path
                + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                + ADMIN
                + "\r\nContent-Type: application/json\r\nAccept: text/event-stream\r\n"
                + "Content-Length: "
                + body.length
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.write(body);
    out.flush();
    return socket;
  }

  private static void readUntil(Socket socket, String marker) throws Exception {
    socket.setSoTimeout(20_000);
    BufferedReader in =
        new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      if (line.contains(marker)) {
        return;
      }
    }
    throw new AssertionError("the stream ended before " + marker);
  }
}
