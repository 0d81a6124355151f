package dev.quarry.generator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.generator.onnx.CancellationSignal;
import dev.quarry.generator.onnx.TextGenerator;
import dev.quarry.generator.onnx.TokenStreamListener;
import dev.quarry.generator.prompt.Citation;
import dev.quarry.generator.testing.Corpus;
import dev.quarry.generator.testing.HashedBagOfWordsEmbedder;
import dev.quarry.generator.testing.TinyModels;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AnswerGeneratorTest {

  private final HashedBagOfWordsEmbedder embedder = new HashedBagOfWordsEmbedder();

  @Test
  void should_answer_extractively_with_citations_when_no_model_is_installed() {
    // given
    AnswerGenerator generator =
        new AnswerGenerator(Optional.empty(), embedder, AnswerSettings.DEFAULT);
    List<String> streamed = new ArrayList<>();

    // when
    Answer answer =
        generator.answer(
            "What is the capital of France?", Corpus.ALL, streamed::add, new CancellationSignal());

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
    AnswerGenerator generator =
        new AnswerGenerator(Optional.empty(), embedder, AnswerSettings.DEFAULT);

    // when
    Answer answer =
        generator.answer("Capital?", List.of(), TokenStreamListener.NONE, new CancellationSignal());

    // then
    assertThat(answer.mode()).isEqualTo(AnswerMode.ABSTAINED);
    assertThat(answer.text()).startsWith("The knowledge base does not contain");
  }

  @Test
  void should_abstain_when_the_models_answer_is_not_supported_by_the_sources() {
    // given: random weights write random text, which no source supports
    AnswerGenerator generator =
        new AnswerGenerator(
            Optional.of(new TextGenerator(TinyModels.model("tiny-llama"))),
            embedder,
            new AnswerSettings(24, AnswerSettings.DEFAULT.sampling(), "Answer from sources."));
    List<String> streamed = new ArrayList<>();

    // when
    Answer answer =
        generator.answer(
            "Capital?", List.of(Corpus.PARIS), streamed::add, new CancellationSignal());

    // then
    assertThat(streamed).isNotEmpty();
    assertThat(answer.mode()).isEqualTo(AnswerMode.ABSTAINED);
    assertThat(answer.text()).isEqualTo(AnswerGenerator.ABSTENTION);
  }

  @Test
  void should_return_what_was_generated_marked_cancelled_when_cancelled() {
    // given
    AnswerGenerator generator =
        new AnswerGenerator(
            Optional.of(new TextGenerator(TinyModels.model("tiny-llama"))),
            embedder,
            new AnswerSettings(24, AnswerSettings.DEFAULT.sampling(), "Answer from sources."));
    CancellationSignal cancellation = new CancellationSignal();
    cancellation.cancel();

    // when
    Answer answer =
        generator.answer("Capital?", List.of(Corpus.PARIS), TokenStreamListener.NONE, cancellation);

    // then: the prefill's token is all that was generated
    assertThat(answer.cancelled()).isTrue();
    assertThat(answer.mode()).isEqualTo(AnswerMode.GENERATED);
    assertThat(answer.answerTokens()).isEqualTo(1);
  }
}
