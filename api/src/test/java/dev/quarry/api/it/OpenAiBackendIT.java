package dev.quarry.api.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.quarry.generator.ModelRejectedException;
import dev.quarry.generator.Source;
import dev.quarry.generator.onnx.CancellationSignal;
import dev.quarry.generator.onnx.GenerationRequest;
import dev.quarry.generator.onnx.TokenStreamListener;
import dev.quarry.generator.openai.OpenAiLanguageModel;
import dev.quarry.generator.openai.OpenAiSettings;
import dev.quarry.generator.prompt.GroundedPrompt;
import dev.quarry.generator.prompt.PromptBuilder;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code openai} backend against a real server speaking the protocol: a second Quarry server's
 * own {@code /v1/chat/completions} (which answers extractively from its knowledge base, named as
 * the model). Server A is configured by environment, as an operator would, to have its answers
 * written there; the grounded prompt reaches B, B's text comes back cited and grounding-checked by
 * A, streamed and whole. Then B refuses a wrong model and key (a model error), and once B is gone A
 * answers 503 with Retry-After.
 */
class OpenAiBackendIT {

  private static final String QUESTION = "What does the Zorblat reactor run on?";
  private static final String REACTOR =
      "# Zorblat\n\nThe Zorblat reactor runs on helium-3. It was commissioned in 2031. Its core is"
          + " cooled by liquid sodium.\n";

  @TempDir Path tmp;

  @Test
  void should_answer_through_a_second_quarry_servers_chat_completions() throws Exception {
    Path reactor = tmp.resolve("reactor.md");
    Files.writeString(reactor, REACTOR);
    ServerProcess modelServer = new ServerProcess(dir("b"), ServerProcess.env()).start();
    try {
      // given: B, whose knowledge base "reactors" is the model A asks for
      knowledgeBase(modelServer, "reactors", reactor);
      String baseUrl = modelServer.uri() + "/v1";
      try (ServerProcess server =
          new ServerProcess(
                  dir("a"),
                  ServerProcess.env(
                      "QUARRY_GENERATOR_BACKEND", "openai",
                      "QUARRY_GENERATOR_OPENAI_BASE_URL", baseUrl,
                      "QUARRY_GENERATOR_OPENAI_MODEL", "reactors",
                      "QUARRY_GENERATOR_OPENAI_API_KEY", ServerProcess.ADMIN_KEY,
                      "QUARRY_GENERATOR_OPENAI_TIMEOUT", "PT30S"))
              .start()) {
        String kb = knowledgeBase(server, "Reactors here", reactor);

        // when: A is asked, whole and streamed
        JsonPath answer =
            server
                .api()
                .contentType(ContentType.JSON)
                .body(Map.of("question", QUESTION))
                .post("/api/kbs/" + kb + "/ask")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        String stream =
            server
                .api()
                .contentType(ContentType.JSON)
                .accept("text/event-stream")
                .body(Map.of("question", QUESTION))
                .post("/api/kbs/" + kb + "/ask")
                .then()
                .statusCode(200)
                .extract()
                .asString();

        // then: B's text, judged by A as its own model's would be
        assertThat(answer.getString("mode")).isEqualTo("generative");
        assertThat(answer.getString("answer"))
            .contains("The Zorblat reactor runs on helium-3 [1].");
        assertThat(answer.getString("citations[0].documentName")).isEqualTo("reactor.md");
        assertThat(answer.getString("notice")).isNull();
        assertThat(stream).contains("event:token").contains("event:done");
        assertThat(stream.substring(stream.indexOf("event:done")))
            .contains("\"mode\":\"generative\"")
            .contains("helium-3 [1]");

        // and: B refuses what it cannot serve, and the refusal is a model error
        assertThat(
                rejection(
                    OpenAiSettings.of(baseUrl, "no-such-kb").withApiKey(ServerProcess.ADMIN_KEY)))
            .isEqualTo(404);
        assertThat(rejection(OpenAiSettings.of(baseUrl, "reactors").withApiKey("wrong-key")))
            .isEqualTo(401);

        // when B goes away
        modelServer.close();

        // then A says so with a 503 the client may retry
        server
            .api()
            .contentType(ContentType.JSON)
            .body(Map.of("question", QUESTION))
            .post("/api/kbs/" + kb + "/ask")
            .then()
            .statusCode(503)
            .contentType("application/problem+json")
            .header("Retry-After", Matchers.matchesPattern("\\d+"));
      }
    } finally {
      modelServer.close();
    }
  }

  /** The HTTP status of the {@link ModelRejectedException} B's refusal becomes. */
  private static int rejection(OpenAiSettings settings) {
    OpenAiLanguageModel model = new OpenAiLanguageModel(settings);
    GroundedPrompt prompt =
        new PromptBuilder(
                model.chatTemplate(),
                model::countTokens,
                model.contextWindow(),
                256,
                PromptBuilder.DEFAULT_INSTRUCTION)
            .build(QUESTION, List.of(new Source("p1", "reactor.md", REACTOR)));
    Throwable thrown =
        catchThrowable(
            () ->
                model.generate(
                    prompt,
                    GenerationRequest.greedy(64),
                    TokenStreamListener.NONE,
                    new CancellationSignal()));
    assertThat(thrown).isInstanceOf(ModelRejectedException.class);
    return ((ModelRejectedException) thrown).status();
  }

  private Path dir(String name) throws Exception {
    return Files.createDirectories(tmp.resolve(name));
  }

  /** Creates a knowledge base holding {@code file} and waits until it is searchable. */
  private static String knowledgeBase(ServerProcess server, String name, Path file) {
    String kb = server.createKb(name);
    String document =
        server
            .api()
            .multiPart("file", file.toFile())
            .post("/api/kbs/" + kb + "/documents")
            .then()
            .statusCode(202)
            .extract()
            .jsonPath()
            .getList("id", String.class)
            .get(0);
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                "READY"
                    .equals(
                        server
                            .api()
                            .get("/api/kbs/" + kb + "/documents/" + document)
                            .then()
                            .extract()
                            .path("status")));
    return kb;
  }
}
