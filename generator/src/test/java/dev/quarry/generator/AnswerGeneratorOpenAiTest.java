package dev.quarry.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.generator.grounding.SentenceSupport;
import dev.quarry.generator.onnx.CancellationSignal;
import dev.quarry.generator.onnx.TokenStreamListener;
import dev.quarry.generator.openai.OpenAiLanguageModel;
import dev.quarry.generator.openai.OpenAiSettings;
import dev.quarry.generator.prompt.Citation;
import dev.quarry.generator.testing.Corpus;
import dev.quarry.generator.testing.FakeOpenAiServer;
import dev.quarry.generator.testing.HashedBagOfWordsEmbedder;
import dev.quarry.generator.testing.ScriptedLanguageModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Answers whose text comes from an OpenAI-compatible server: the prompt, citations, grounding check
 * and abstention are the in-process generator's, so the same text gives the same answer.
 */
class AnswerGeneratorOpenAiTest {

  private static final String CAPITAL = "What is the capital of France?";

  private static final AnswerSettings SETTINGS =
      AnswerSettings.DEFAULT.withMinEvidence(HashedBagOfWordsEmbedder.MIN_EVIDENCE);

  private final HashedBagOfWordsEmbedder embedder = new HashedBagOfWordsEmbedder();
  private final FakeOpenAiServer server = FakeOpenAiServer.start();

  @AfterEach
  void stop() {
    server.close();
  }

  private AnswerGenerator remote(OpenAiSettings settings, WhenUnavailable whenUnavailable) {
    return new AnswerGenerator(
        Optional.of(new OpenAiLanguageModel(settings)), embedder, SETTINGS, whenUnavailable);
  }

  private AnswerGenerator remote(boolean streaming) {
    return remote(
        OpenAiSettings.of(server.baseUrl(), "tiny").withStreaming(streaming), WhenUnavailable.FAIL);
  }

  private static Answer ask(AnswerGenerator generator, TokenStreamListener listener) {
    return generator.answer(CAPITAL, Corpus.ALL, listener, new CancellationSignal());
  }

  @Test
  void should_return_a_grounded_answer_citing_the_source_the_server_was_shown() {
    // given
    server.replying("Paris", " is the capital", " of France [1].");
    List<String> streamed = new ArrayList<>();

    // when
    Answer answer = ask(remote(true), streamed::add);

    // then
    assertThat(answer.mode()).isEqualTo(AnswerMode.GENERATED);
    assertThat(answer.text()).isEqualTo("Paris is the capital of France [1].");
    assertThat(answer.citations()).extracting(Citation::sourceId).containsExactly("doc-fr#0");
    assertThat(answer.grounding().unsupported()).isEmpty();
    assertThat(streamed).containsExactly("Paris", " is the capital", " of France [1].");
    assertThat(server.received().get(0).message("user"))
        .contains("[1] France\nParis is the capital and largest city of France.");
    assertThat(answer.promptTokens()).isEqualTo(11); // as the server counted them
    assertThat(answer.answerTokens()).isEqualTo(3);
  }

  static Stream<Arguments> scripts() {
    return Stream.of(
        Arguments.of("grounded", List.of("Paris is the capital", " of France [1].")),
        Arguments.of("unknown citation", List.of("Paris is the capital of France [1][7].")),
        Arguments.of(
            "one unsupported sentence",
            List.of(
                "Paris is the capital of France [1].",
                " The moon is made of green cheese and jam [2].")),
        Arguments.of("declined", List.of("NOT_IN", "_SOURCES")),
        Arguments.of(
            "not grounded", List.of("Bananas are yellow fruit from tropical plantations [2].")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scripts")
  void should_judge_the_servers_text_exactly_as_the_in_process_models(
      String name, List<String> script) {
    // given
    server.replying(script.toArray(String[]::new));
    AnswerGenerator inProcess =
        new AnswerGenerator(
            Optional.of(new ScriptedLanguageModel(script.toArray(String[]::new))),
            embedder,
            SETTINGS);

    // when
    Answer local = ask(inProcess, TokenStreamListener.NONE);
    Answer streamed = ask(remote(true), TokenStreamListener.NONE);
    Answer whole = ask(remote(false), TokenStreamListener.NONE);

    // then
    for (Answer remote : List.of(streamed, whole)) {
      assertThat(remote.mode()).isEqualTo(local.mode());
      assertThat(remote.abstention()).isEqualTo(local.abstention());
      assertThat(remote.text()).isEqualTo(local.text());
      assertThat(remote.citations()).isEqualTo(local.citations());
      assertThat(remote.unknownCitationNumbers()).isEqualTo(local.unknownCitationNumbers());
      assertThat(remote.grounding().unsupported().stream().map(SentenceSupport::sentence))
          .isEqualTo(
              local.grounding().unsupported().stream().map(SentenceSupport::sentence).toList());
      assertThat(remote.notice()).isNull();
    }
  }

  @Test
  void should_fail_retryably_when_the_server_is_down_and_the_setting_says_fail() {
    // given
    AnswerGenerator generator =
        remote(
            OpenAiSettings.of(FakeOpenAiServer.nothingListening(), "tiny"), WhenUnavailable.FAIL);

    // when / then
    assertThatThrownBy(() -> ask(generator, TokenStreamListener.NONE))
        .isInstanceOf(GeneratorUnavailableException.class)
        .satisfies(e -> assertThat(((GeneratorException) e).retryable()).isTrue());
  }

  @Test
  void should_answer_extractively_with_a_notice_when_the_server_is_down_and_the_setting_says_so() {
    // given
    AnswerGenerator generator =
        remote(
            OpenAiSettings.of(FakeOpenAiServer.nothingListening(), "tiny"),
            WhenUnavailable.EXTRACTIVE);
    AnswerGenerator extractive = new AnswerGenerator(Optional.empty(), embedder, SETTINGS);

    // when
    Answer answer = ask(generator, TokenStreamListener.NONE);

    // then: the answer a server without a model gives, and why
    Answer expected = ask(extractive, TokenStreamListener.NONE);
    assertThat(answer.mode()).isEqualTo(AnswerMode.EXTRACTIVE);
    assertThat(answer.text()).isEqualTo(expected.text()).contains("[1]");
    assertThat(answer.citations()).isEqualTo(expected.citations());
    assertThat(answer.notice()).isEqualTo(AnswerGenerator.UNAVAILABLE_NOTICE);
    assertThat(expected.notice()).isNull();
  }

  @Test
  void should_not_fall_back_when_the_server_refuses_the_request() {
    // given: a wrong model name is a setting to fix, not an outage to ride out
    server.failing(404, "model 'tiny' not found");
    AnswerGenerator generator =
        remote(OpenAiSettings.of(server.baseUrl(), "tiny"), WhenUnavailable.EXTRACTIVE);

    // when / then
    assertThatThrownBy(() -> ask(generator, TokenStreamListener.NONE))
        .isInstanceOf(ModelRejectedException.class);
  }
}
