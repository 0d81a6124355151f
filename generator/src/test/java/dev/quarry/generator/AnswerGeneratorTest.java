package dev.quarry.generator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.generator.onnx.CancellationSignal;
import dev.quarry.generator.onnx.TextGenerator;
import dev.quarry.generator.onnx.TokenStreamListener;
import dev.quarry.generator.prompt.AbstentionSignal;
import dev.quarry.generator.prompt.Citation;
import dev.quarry.generator.testing.Corpus;
import dev.quarry.generator.testing.HashedBagOfWordsEmbedder;
import dev.quarry.generator.testing.ScriptedLanguageModel;
import dev.quarry.generator.testing.TinyModels;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AnswerGeneratorTest {

  private static final String CAPITAL = "What is the capital of France?";

  private final HashedBagOfWordsEmbedder embedder = new HashedBagOfWordsEmbedder();

  /** The defaults at the threshold the hashed test embedder is calibrated for. */
  private static final AnswerSettings SETTINGS =
      AnswerSettings.DEFAULT.withMinEvidence(HashedBagOfWordsEmbedder.MIN_EVIDENCE);

  private AnswerGenerator generating(LanguageModel model) {
    return new AnswerGenerator(Optional.of(model), embedder, SETTINGS);
  }

  private static Answer ask(AnswerGenerator generator, String question) {
    return generator.answer(
        question, Corpus.ALL, TokenStreamListener.NONE, new CancellationSignal());
  }

  @Test
  void should_answer_extractively_with_citations_when_no_model_is_installed() {
    // given
    AnswerGenerator generator = new AnswerGenerator(Optional.empty(), embedder, SETTINGS);
    List<String> streamed = new ArrayList<>();

    // when
    Answer answer = generator.answer(CAPITAL, Corpus.ALL, streamed::add, new CancellationSignal());

    // then
    assertThat(answer.mode()).isEqualTo(AnswerMode.EXTRACTIVE);
    assertThat(answer.text()).contains("Paris is the capital and largest city of France [1].");
    assertThat(answer.citations()).extracting(Citation::sourceId).contains("doc-fr#0");
    assertThat(answer.grounding().unsupported()).isEmpty();
    assertThat(String.join("", streamed)).isEqualTo(answer.text());
  }

  @Test
  void should_abstain_when_the_source_list_is_empty() {
    // given
    AnswerGenerator generator = new AnswerGenerator(Optional.empty(), embedder, SETTINGS);

    // when
    Answer answer =
        generator.answer("Capital?", List.of(), TokenStreamListener.NONE, new CancellationSignal());

    // then
    assertThat(answer.mode()).isEqualTo(AnswerMode.ABSTAINED);
    assertThat(answer.abstention()).isEqualTo(AbstentionReason.NO_PASSAGES);
    assertThat(answer.text()).startsWith("The knowledge base does not contain");
    assertThat(answer.citations()).isEmpty();
  }

  @Test
  void should_abstain_before_writing_when_the_sources_do_not_hold_the_subject() {
    // given
    ScriptedLanguageModel model = new ScriptedLanguageModel("Leonardo [1].");

    // when
    Answer answer = ask(generating(model), "Who painted the Mona Lisa?");
    Answer extractive =
        ask(
            new AnswerGenerator(Optional.empty(), embedder, AnswerSettings.DEFAULT),
            "Who painted the Mona Lisa?");

    // then
    assertThat(answer.mode()).isEqualTo(AnswerMode.ABSTAINED);
    assertThat(answer.abstention()).isEqualTo(AbstentionReason.WEAK_EVIDENCE);
    assertThat(answer.evidence()).isLessThan(SETTINGS.minEvidence());
    assertThat(model.prompts()).isEmpty();
    assertThat(extractive.abstention()).isEqualTo(AbstentionReason.WEAK_EVIDENCE);
  }

  @Test
  void should_answer_anyway_when_the_threshold_is_overridden_to_zero() {
    // when
    Answer answer =
        new AnswerGenerator(Optional.empty(), embedder, AnswerSettings.DEFAULT)
            .answer(
                "Who painted the Mona Lisa?",
                Corpus.ALL,
                0,
                TokenStreamListener.NONE,
                new CancellationSignal());

    // then
    assertThat(answer.mode()).isEqualTo(AnswerMode.EXTRACTIVE);
  }

  @Test
  void should_return_a_grounded_generated_answer_with_its_citations() {
    // given
    ScriptedLanguageModel model =
        new ScriptedLanguageModel("Paris", " is the capital", " of France [1].");
    List<String> streamed = new ArrayList<>();

    // when
    Answer answer =
        generating(model).answer(CAPITAL, Corpus.ALL, streamed::add, new CancellationSignal());

    // then
    assertThat(answer.mode()).isEqualTo(AnswerMode.GENERATED);
    assertThat(answer.text()).isEqualTo("Paris is the capital of France [1].");
    assertThat(answer.citations()).extracting(Citation::sourceId).containsExactly("doc-fr#0");
    assertThat(answer.grounding().unsupported()).isEmpty();
    assertThat(streamed).containsExactly("Paris", " is the capital", " of France [1].");
    assertThat(model.prompts()).singleElement().asString().contains("[1] France\nParis");
  }

  @Test
  void should_remove_and_report_a_citation_of_a_source_that_does_not_exist() {
    // when
    Answer answer =
        ask(
            generating(new ScriptedLanguageModel("Paris is the capital of France [1][7].")),
            CAPITAL);

    // then
    assertThat(answer.text()).isEqualTo("Paris is the capital of France [1].");
    assertThat(answer.unknownCitationNumbers()).containsExactly(7L);
  }

  @Test
  void should_flag_an_unsupported_sentence_and_keep_the_supported_one() {
    // when
    Answer answer =
        ask(
            generating(
                new ScriptedLanguageModel(
                    "Paris is the capital of France [1].", " The moon is made of cheese [3].")),
            CAPITAL);

    // then
    assertThat(answer.mode()).isEqualTo(AnswerMode.GENERATED);
    assertThat(answer.grounding().unsupported())
        .singleElement()
        .satisfies(s -> assertThat(s.sentence()).contains("cheese"));
  }

  @Test
  void should_abstain_when_the_model_says_the_sources_lack_the_answer_under_any_instruction() {
    // given: a custom instruction; the sentinel rule follows it anyway
    ScriptedLanguageModel model = new ScriptedLanguageModel("NOT_IN", "_SOURCES");
    AnswerGenerator generator =
        new AnswerGenerator(
            Optional.of(model),
            embedder,
            new AnswerSettings(
                64,
                AnswerSettings.DEFAULT.sampling(),
                "Be brief.",
                HashedBagOfWordsEmbedder.MIN_EVIDENCE,
                3));

    // when
    Answer answer = ask(generator, CAPITAL);

    // then
    assertThat(answer.mode()).isEqualTo(AnswerMode.ABSTAINED);
    assertThat(answer.abstention()).isEqualTo(AbstentionReason.MODEL_DECLINED);
    assertThat(answer.text()).isEqualTo(AnswerGenerator.ABSTENTION);
    assertThat(model.prompts().get(0)).contains("Be brief.").contains(AbstentionSignal.RULE);
  }

  @Test
  void should_stop_within_one_step_when_cancelled_mid_answer() {
    // given: the listener cancels after the second delta
    CancellationSignal cancellation = new CancellationSignal();
    ScriptedLanguageModel model =
        new ScriptedLanguageModel("Paris", " is", " the", " capital", " [1].");
    List<String> streamed = new ArrayList<>();

    // when
    Answer answer =
        generating(model)
            .answer(
                CAPITAL,
                Corpus.ALL,
                delta -> {
                  streamed.add(delta);
                  if (streamed.size() == 2) {
                    cancellation.cancel();
                  }
                },
                cancellation);

    // then
    assertThat(answer.cancelled()).isTrue();
    assertThat(model.steps()).isEqualTo(2);
    assertThat(answer.text()).isEqualTo("Paris is");
  }

  @Test
  void should_abstain_when_the_models_answer_is_not_supported_by_the_sources() {
    // given: random weights write random text, which no source supports
    AnswerGenerator generator =
        new AnswerGenerator(
            Optional.of(new OnnxLanguageModel(new TextGenerator(TinyModels.model("tiny-llama")))),
            embedder,
            new AnswerSettings(
                8,
                AnswerSettings.DEFAULT.sampling(),
                "Answer.",
                HashedBagOfWordsEmbedder.MIN_EVIDENCE,
                3));
    List<String> streamed = new ArrayList<>();

    // when
    Answer answer =
        generator.answer(
            "Capital?", List.of(Corpus.PARIS), streamed::add, new CancellationSignal());

    // then
    assertThat(streamed).isNotEmpty();
    assertThat(answer.mode()).isEqualTo(AnswerMode.ABSTAINED);
    assertThat(answer.abstention()).isEqualTo(AbstentionReason.NOT_GROUNDED);
    assertThat(answer.text()).isEqualTo(AnswerGenerator.ABSTENTION);
  }

  @Test
  void should_return_what_was_generated_marked_cancelled_when_cancelled() {
    // given
    AnswerGenerator generator =
        new AnswerGenerator(
            Optional.of(new OnnxLanguageModel(new TextGenerator(TinyModels.model("tiny-llama")))),
            embedder,
            new AnswerSettings(
                8,
                AnswerSettings.DEFAULT.sampling(),
                "Answer.",
                HashedBagOfWordsEmbedder.MIN_EVIDENCE,
                3));
    CancellationSignal cancellation = new CancellationSignal();

    // when: cancelled once the prefill's token has been streamed
    Answer answer =
        generator.answer(
            "Capital?", List.of(Corpus.PARIS), d -> cancellation.cancel(), cancellation);

    // then: generation stopped at the first text, well before its 8-token budget
    assertThat(answer.cancelled()).isTrue();
    assertThat(answer.mode()).isEqualTo(AnswerMode.GENERATED);
    assertThat(answer.answerTokens()).isLessThan(8);
  }
}
