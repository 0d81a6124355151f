package dev.quarry.generator.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.generator.GeneratorException;
import dev.quarry.generator.Source;
import dev.quarry.generator.onnx.DecoderModel;
import dev.quarry.generator.testing.Corpus;
import dev.quarry.generator.testing.TinyModels;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromptBuilderTest {

  private final DecoderModel model = TinyModels.model("tiny-llama");

  private PromptBuilder builder(int contextWindow, int answerBudget) {
    return new PromptBuilder(
        model.chatTemplate(),
        model.tokenizer()::count,
        contextWindow,
        answerBudget,
        PromptBuilder.DEFAULT_INSTRUCTION);
  }

  @Test
  void should_number_sources_in_relevance_order_when_all_fit() {
    // when
    GroundedPrompt prompt = builder(4096, 256).build("What is the capital of France?", Corpus.ALL);

    // then
    assertThat(prompt.numbered()).containsExactlyElementsOf(Corpus.ALL);
    assertThat(prompt.dropped()).isEmpty();
    assertThat(prompt.text())
        .contains("[1] France\nParis is the capital")
        .contains("[2] Water\n")
        .contains("[3] Heart\n")
        .contains("Cite the source")
        .contains("Question: What is the capital of France?")
        .startsWith("<|im_start|>system\n")
        .endsWith("<|im_start|>assistant\n");
    assertThat(prompt.tokens()).isEqualTo(model.tokenizer().count(prompt.text()));
  }

  @Test
  void should_ask_for_the_sentinel_after_a_custom_instruction_too() {
    // given
    PromptBuilder custom =
        new PromptBuilder(
            model.chatTemplate(), model.tokenizer()::count, 4096, 256, "Answer like a pirate.");

    // when
    GroundedPrompt prompt = custom.build("What is the capital of France?", Corpus.ALL);

    // then
    assertThat(prompt.messages().get(0).content())
        .startsWith("Answer like a pirate.")
        .endsWith(AbstentionSignal.RULE)
        .contains(AbstentionSignal.SENTINEL);
  }

  @Test
  void should_drop_sources_that_overflow_the_budget_when_the_window_is_small() {
    // given: a budget that holds the instruction, the question and about one source
    int bare = builder(4096, 256).build("Capital?", List.of(Corpus.PARIS)).tokens();
    Source longSource = new Source("long", "Long", "filler text ".repeat(200));

    // when
    GroundedPrompt prompt =
        builder(bare + 100, 100).build("Capital?", List.of(Corpus.PARIS, longSource, Corpus.HEART));

    // then: the long one is skipped, the short one after it still fits
    assertThat(prompt.numbered()).containsExactly(Corpus.PARIS);
    assertThat(prompt.dropped()).contains(longSource);
    assertThat(prompt.tokens()).isLessThanOrEqualTo(bare);
  }

  @Test
  void should_fail_clearly_when_the_source_list_is_empty() {
    // when / then
    assertThatThrownBy(() -> builder(4096, 256).build("Capital?", List.of()))
        .isInstanceOf(GeneratorException.class)
        .hasMessageContaining("source list is empty");
  }
}
