package dev.quarry.generator.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.generator.GeneratorException;
import dev.quarry.generator.GeneratorUnavailableException;
import dev.quarry.generator.ModelRejectedException;
import dev.quarry.generator.onnx.CancellationSignal;
import dev.quarry.generator.onnx.FinishReason;
import dev.quarry.generator.onnx.GenerationRequest;
import dev.quarry.generator.onnx.GenerationResult;
import dev.quarry.generator.onnx.TokenStreamListener;
import dev.quarry.generator.prompt.GroundedPrompt;
import dev.quarry.generator.prompt.PromptBuilder;
import dev.quarry.generator.testing.Corpus;
import dev.quarry.generator.testing.FakeOpenAiServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code openai} backend against a local OpenAI-compatible server that streams. */
class OpenAiLanguageModelTest {

  private final FakeOpenAiServer server = FakeOpenAiServer.start();

  @AfterEach
  void stop() {
    server.close();
  }

  private OpenAiLanguageModel model(OpenAiSettings settings) {
    return new OpenAiLanguageModel(settings);
  }

  private static GroundedPrompt prompt(OpenAiLanguageModel model) {
    return new PromptBuilder(
            model.chatTemplate(),
            model::countTokens,
            model.contextWindow(),
            384,
            PromptBuilder.DEFAULT_INSTRUCTION)
        .build("What is the capital of France?", Corpus.ALL);
  }

  private static GenerationResult generate(OpenAiLanguageModel model, TokenStreamListener out) {
    return model.generate(
        prompt(model), GenerationRequest.greedy(64), out, new CancellationSignal());
  }

  @Test
  void should_stream_each_piece_to_the_listener_in_order_on_the_calling_thread() {
    // given
    server.replying("Paris", " is the capital", " of France [1].");
    OpenAiLanguageModel model = model(OpenAiSettings.of(server.baseUrl(), "tiny"));
    List<String> pieces = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();

    // when
    GenerationResult result =
        generate(
            model,
            delta -> {
              pieces.add(delta);
              threads.add(Thread.currentThread());
            });

    // then
    assertThat(pieces).containsExactly("Paris", " is the capital", " of France [1].");
    assertThat(threads).containsOnly(Thread.currentThread());
    assertThat(result.text()).isEqualTo("Paris is the capital of France [1].");
    assertThat(result.finishReason()).isEqualTo(FinishReason.END_OF_SEQUENCE);
    assertThat(server.received()).singleElement().satisfies(r -> assertThat(r.streamed()).isTrue());
  }

  @Test
  void should_send_the_grounded_prompt_as_system_and_user_messages_with_greedy_settings() {
    // given
    server.replying("Paris [1].");
    OpenAiLanguageModel model =
        model(OpenAiSettings.of(server.baseUrl(), "llama3.2:1b").withApiKey("sk-test"));

    // when
    generate(model, TokenStreamListener.NONE);

    // then
    FakeOpenAiServer.Received request = server.received().get(0);
    assertThat(request.body().path("model").asText()).isEqualTo("llama3.2:1b");
    assertThat(request.authorization()).isEqualTo("Bearer sk-test");
    assertThat(request.message("system"))
        .startsWith("You answer questions using only the numbered sources")
        .contains("NOT_IN_SOURCES");
    assertThat(request.message("user"))
        .startsWith("Sources:\n[1] France\nParis is the capital")
        .contains("[2] Water\n")
        .endsWith("Question: What is the capital of France?");
    assertThat(request.body().path("temperature").asDouble(-1)).isEqualTo(0.0);
    assertThat(
            request
                .body()
                .path("max_tokens")
                .asInt(request.body().path("max_completion_tokens").asInt()))
        .isEqualTo(64);
  }

  @Test
  void should_take_the_answer_in_one_piece_when_streaming_is_off() {
    // given
    server.replying("Paris", " is the capital of France [1].");
    OpenAiLanguageModel model =
        model(OpenAiSettings.of(server.baseUrl(), "tiny").withStreaming(false));
    List<String> pieces = new ArrayList<>();

    // when
    GenerationResult result = generate(model, pieces::add);

    // then
    assertThat(pieces).containsExactly("Paris is the capital of France [1].");
    assertThat(result.promptTokens()).isEqualTo(11);
    assertThat(result.tokenIds()).hasSize(2);
    assertThat(server.received())
        .singleElement()
        .satisfies(r -> assertThat(r.streamed()).isFalse());
  }

  @ParameterizedTest(name = "streaming {0}")
  @ValueSource(booleans = {true, false})
  void should_be_unavailable_and_retryable_when_nothing_listens_at_the_base_url(boolean stream) {
    // given
    OpenAiLanguageModel model =
        model(OpenAiSettings.of(FakeOpenAiServer.nothingListening(), "tiny").withStreaming(stream));

    // when / then
    assertThatThrownBy(() -> generate(model, TokenStreamListener.NONE))
        .isInstanceOf(GeneratorUnavailableException.class)
        .hasMessageContaining("cannot be reached")
        .satisfies(e -> assertThat(((GeneratorException) e).retryable()).isTrue());
  }

  @ParameterizedTest(name = "HTTP {0}, streaming {1}")
  @CsvSource({"500, true", "503, false", "429, true", "408, false"})
  void should_be_unavailable_when_the_server_fails_or_is_overloaded(int status, boolean stream) {
    // given
    server.failing(status, "busy");
    OpenAiLanguageModel model =
        model(OpenAiSettings.of(server.baseUrl(), "tiny").withStreaming(stream));

    // when / then
    assertThatThrownBy(() -> generate(model, TokenStreamListener.NONE))
        .isInstanceOf(GeneratorUnavailableException.class)
        .hasMessageContaining("HTTP " + status);
  }

  @ParameterizedTest(name = "HTTP {0}, streaming {1}")
  @CsvSource({
    "404, true, quarry.generator.openai.model",
    "404, false, quarry.generator.openai.model",
    "401, true, quarry.generator.openai.api-key",
    "403, false, quarry.generator.openai.api-key",
    "400, true, refused the request"
  })
  void should_be_a_rejection_naming_the_setting_when_the_server_refuses_the_request(
      int status, boolean stream, String named) {
    // given
    server.failing(status, "no");
    OpenAiLanguageModel model =
        model(OpenAiSettings.of(server.baseUrl(), "no-such-model").withStreaming(stream));

    // when / then
    assertThatThrownBy(() -> generate(model, TokenStreamListener.NONE))
        .isInstanceOf(ModelRejectedException.class)
        .hasMessageContaining(named)
        .satisfies(e -> assertThat(((ModelRejectedException) e).status()).isEqualTo(status))
        .satisfies(e -> assertThat(((GeneratorException) e).retryable()).isFalse());
  }

  @ParameterizedTest(name = "streaming {0}")
  @ValueSource(booleans = {true, false})
  void should_be_unavailable_when_the_server_sends_nothing_within_the_timeout(boolean stream) {
    // given
    server.stallingBeforeReply();
    OpenAiLanguageModel model =
        model(
            OpenAiSettings.of(server.baseUrl(), "tiny")
                .withStreaming(stream)
                .withTimeout(Duration.ofMillis(500)));

    // when / then
    assertThatThrownBy(() -> generate(model, TokenStreamListener.NONE))
        .isInstanceOf(GeneratorUnavailableException.class)
        .hasMessageContaining("PT0.5S");
  }

  @Test
  void should_be_unavailable_when_a_stream_stalls_after_its_first_piece() {
    // given
    server.stallingAfter("Paris");
    OpenAiLanguageModel model =
        model(OpenAiSettings.of(server.baseUrl(), "tiny").withTimeout(Duration.ofMillis(500)));
    List<String> pieces = new ArrayList<>();

    // when / then
    assertThatThrownBy(() -> generate(model, pieces::add))
        .isInstanceOf(GeneratorUnavailableException.class)
        .hasMessageContaining("sent nothing for PT0.5S");
    assertThat(pieces).containsExactly("Paris");
  }

  @Test
  void should_end_cancelled_with_the_text_so_far_when_the_caller_cancels_mid_stream() {
    // given: the server stalls after one piece; the caller cancels once it has that piece
    server.stallingAfter("Paris");
    OpenAiLanguageModel model = model(OpenAiSettings.of(server.baseUrl(), "tiny"));
    CancellationSignal cancellation = new CancellationSignal();

    // when
    GenerationResult result =
        model.generate(
            prompt(model),
            GenerationRequest.greedy(64),
            delta -> cancellation.cancel(),
            cancellation);

    // then
    assertThat(result.finishReason()).isEqualTo(FinishReason.CANCELLED);
    assertThat(result.text()).isEqualTo("Paris");
  }

  @Test
  void should_hand_the_listeners_exception_to_the_caller() {
    // given
    server.replying("Paris", " [1].");
    OpenAiLanguageModel model = model(OpenAiSettings.of(server.baseUrl(), "tiny"));

    // when / then
    assertThatThrownBy(
            () ->
                generate(
                    model,
                    delta -> {
                      throw new IllegalStateException("client gone");
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("client gone");
  }

  @Test
  void should_refuse_settings_that_cannot_work() {
    assertThatThrownBy(() -> OpenAiSettings.of("localhost:11434/v1", "m"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("http(s)");
    assertThatThrownBy(() -> OpenAiSettings.of("http://localhost:11434/v1", " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("model");
    assertThatThrownBy(
            () -> OpenAiSettings.of("http://localhost:11434/v1", "m").withTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("timeout");
  }
}
