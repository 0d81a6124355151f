package dev.quarry.api;

import static dev.quarry.api.testing.Api.ADMIN;
import static dev.quarry.api.testing.Api.as;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.api.engine.Answers;
import dev.quarry.api.testing.Api;
import dev.quarry.api.testing.TempDataDir;
import dev.quarry.generator.AnswerGenerator;
import dev.quarry.generator.AnswerSettings;
import dev.quarry.generator.WhenUnavailable;
import dev.quarry.generator.grounding.SentenceEmbedder;
import dev.quarry.generator.openai.OpenAiLanguageModel;
import dev.quarry.generator.openai.OpenAiSettings;
import dev.quarry.generator.testing.FakeOpenAiServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code openai} backend end to end: answers written by a local OpenAI-compatible server that
 * streams, through the real REST, SSE and {@code /v1} paths, with real retrieval and grounding; and
 * what a client gets when that server is down, silent or refuses the request.
 */
@QuarkusTest
@WithTestResource(TempDataDir.class)
class RemoteModelApiTest {

  private static final String QUESTION = "What does the Zorblat reactor run on?";

  @Inject SentenceEmbedder sentences;

  private final FakeOpenAiServer server = FakeOpenAiServer.start();
  private String kb;

  @BeforeEach
  void a_knowledge_base_about_reactors() {
    kb = Api.createKb("Remote " + System.nanoTime());
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

  @AfterEach
  void stop() {
    server.close();
  }

  /** Puts a generator whose answers the server at {@code settings} writes in the API. */
  private void backend(OpenAiSettings settings, WhenUnavailable whenUnavailable) {
    AnswerGenerator generator =
        new AnswerGenerator(
            Optional.of(new OpenAiLanguageModel(settings)),
            sentences,
            AnswerSettings.DEFAULT,
            whenUnavailable);
    QuarkusMock.installMockForType(
        new Answers() {
          @Override
          public AnswerGenerator generator() {
            return generator;
          }
        },
        Answers.class);
  }

  private void serverUp() {
    backend(OpenAiSettings.of(server.baseUrl(), "llama3.2:1b"), WhenUnavailable.FAIL);
  }

  private void serverDown(WhenUnavailable whenUnavailable) {
    backend(OpenAiSettings.of(FakeOpenAiServer.nothingListening(), "llama3.2:1b"), whenUnavailable);
  }

  private Response ask() {
    return as(ADMIN)
        .contentType(ContentType.JSON)
        .body(Map.of("question", QUESTION))
        .post("/api/kbs/" + kb + "/ask");
  }

  @Test
  void should_answer_with_the_servers_text_grounded_and_cited_when_it_saw_the_passages() {
    // given
    serverUp();
    server.replying("The Zorblat reactor", " runs on helium-3 [1].");

    // when
    JsonPath answer = ask().then().statusCode(200).extract().jsonPath();

    // then
    assertThat(answer.getString("mode")).isEqualTo("generative");
    assertThat(answer.getString("answer")).isEqualTo("The Zorblat reactor runs on helium-3 [1].");
    assertThat(answer.getString("citations[0].documentName")).isEqualTo("reactor.md");
    assertThat(answer.getList("unsupported")).isEmpty();
    assertThat(answer.getString("notice")).isNull();
    FakeOpenAiServer.Received request = server.received().get(0);
    assertThat(request.body().path("model").asText()).isEqualTo("llama3.2:1b");
    assertThat(request.message("user"))
        .contains("[1] reactor.md")
        .contains("The Zorblat reactor runs on helium-3.")
        .endsWith("Question: " + QUESTION);
  }

  @Test
  void should_stream_the_servers_pieces_as_token_events_then_the_checked_answer() {
    // given
    serverUp();
    server.replying("The Zorblat reactor", " runs on helium-3 [1].");

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
    assertThat(body)
        .contains("\"text\":\"The Zorblat reactor\"")
        .contains("\"text\":\" runs on helium-3 [1].\"");
    assertThat(body.substring(body.indexOf("event:done")))
        .contains("\"mode\":\"generative\"")
        .contains("\"documentName\":\"reactor.md\"");
  }

  @Test
  void should_abstain_as_for_the_in_process_model_when_the_server_says_the_sources_lack_it() {
    // given
    serverUp();
    server.replying("NOT_IN_SOURCES");

    // when
    JsonPath answer = ask().then().statusCode(200).extract().jsonPath();

    // then
    assertThat(answer.getString("mode")).isEqualTo("abstained");
    assertThat(answer.getString("abstention.reason")).isEqualTo("model_declined");
    assertThat(answer.getString("related[0].documentName")).isEqualTo("reactor.md");
  }

  @Test
  void should_answer_503_with_retry_after_when_the_server_is_down() {
    // given
    serverDown(WhenUnavailable.FAIL);

    // when / then
    ask()
        .then()
        .statusCode(503)
        .contentType("application/problem+json")
        .header("Retry-After", org.hamcrest.Matchers.matchesPattern("\\d+"))
        .body("detail", org.hamcrest.Matchers.containsString("model server"))
        .body(
            "detail", org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("127.0.0.1")));
  }

  @Test
  void should_answer_503_when_the_server_sends_nothing_within_its_timeout() {
    // given
    backend(
        OpenAiSettings.of(server.baseUrl(), "llama3.2:1b").withTimeout(Duration.ofMillis(500)),
        WhenUnavailable.FAIL);
    server.stallingBeforeReply();

    // when / then
    ask().then().statusCode(503).header("Retry-After", org.hamcrest.Matchers.notNullValue());
  }

  @Test
  void should_answer_extractively_with_a_notice_when_the_server_is_down_and_set_to() {
    // given
    serverDown(WhenUnavailable.EXTRACTIVE);

    // when
    JsonPath answer = ask().then().statusCode(200).extract().jsonPath();

    // then
    assertThat(answer.getString("mode")).isEqualTo("extractive");
    assertThat(answer.getString("answer")).contains("helium-3").contains("[1]");
    assertThat(answer.getString("citations[0].documentName")).isEqualTo("reactor.md");
    assertThat(answer.getString("notice")).isEqualTo(AnswerGenerator.UNAVAILABLE_NOTICE);
  }

  @Test
  void should_answer_502_naming_the_settings_when_the_server_has_no_such_model() {
    // given
    serverUp();
    server.failing(404, "model 'llama3.2:1b' not found");

    // when
    Response response = ask();

    // then
    response
        .then()
        .statusCode(502)
        .contentType("application/problem+json")
        .body("detail", org.hamcrest.Matchers.containsString("quarry.generator.openai.model"));
    assertThat(response.getHeader("Retry-After")).isNull();
  }

  @Test
  void should_send_a_503_error_event_when_the_server_is_down_during_a_stream() {
    // given
    serverDown(WhenUnavailable.FAIL);

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
    assertThat(body).contains("event:error").contains("\"status\":503");
  }

  @Test
  void should_answer_openai_chat_completions_with_503_when_the_server_is_down() {
    // given
    serverDown(WhenUnavailable.FAIL);

    // when / then
    as(ADMIN)
        .contentType(ContentType.JSON)
        .body(Map.of("model", kb, "messages", List.of(Map.of("role", "user", "content", QUESTION))))
        .post("/v1/chat/completions")
        .then()
        .statusCode(503)
        .contentType("application/problem+json");
  }

  @Test
  void should_end_an_openai_stream_with_an_error_object_when_the_server_is_down() {
    // given
    serverDown(WhenUnavailable.FAIL);

    // when: the failure comes after the stream has started
    String body =
        as(ADMIN)
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "model",
                    kb,
                    "stream",
                    true,
                    "messages",
                    List.of(Map.of("role", "user", "content", QUESTION))))
            .post("/v1/chat/completions")
            .then()
            .statusCode(200)
            .contentType("text/event-stream")
            .extract()
            .asString();

    // then: OpenAI's error object, which OpenAI clients raise, and no [DONE]
    String last = body.strip().substring(body.strip().lastIndexOf("\n") + 1);
    assertThat(last).startsWith("data: {\"error\":");
    JsonPath error = JsonPath.from(last.substring("data: ".length()));
    assertThat(error.getInt("error.code")).isEqualTo(503);
    assertThat(error.getString("error.message")).isNotBlank();
    assertThat(body).doesNotContain("[DONE]");
  }
}
