package dev.quarry.generator.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.generator.OnnxLanguageModel;
import dev.quarry.generator.onnx.TextGenerator;
import dev.quarry.generator.testing.ScriptedLanguageModel;
import dev.quarry.generator.testing.TinyModels;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelQueryRewriterTest {

  private static final List<PriorTurn> ABOUT_ASPIRIN =
      List.of(
          PriorTurn.of(
              "Does aspirin reduce the risk of colorectal cancer?",
              "Yes, daily aspirin lowers it [1]."));

  @Test
  void should_use_the_models_query_when_it_writes_one() {
    // given
    ScriptedLanguageModel model =
        new ScriptedLanguageModel("Query: \"side effects", " of aspirin\"", "\n", "ignored");
    ModelQueryRewriter rewriter = new ModelQueryRewriter(model);

    // when
    StandaloneQuery query = rewriter.rewrite(ABOUT_ASPIRIN, "What are its side effects?");

    // then
    assertThat(query)
        .isEqualTo(new StandaloneQuery("side effects of aspirin", RewriteMethod.MODEL));
  }

  @Test
  void should_show_the_model_the_last_turns_and_the_follow_up() {
    // given
    ScriptedLanguageModel model = new ScriptedLanguageModel("aspirin in children");
    ModelQueryRewriter rewriter = new ModelQueryRewriter(model, new Contextualiser(), 2);
    List<PriorTurn> history =
        List.of(
            PriorTurn.of("What is ibuprofen?", "A painkiller [1]."),
            PriorTurn.of("Does aspirin reduce the risk of colorectal cancer?", "Yes [1]."),
            new PriorTurn("And in women?", "aspirin colorectal cancer women", "Also yes [2]."));

    // when
    rewriter.rewrite(history, "And in children?");

    // then: the two last turns, not the first
    String prompt = model.prompts().get(0);
    assertThat(prompt)
        .contains(ModelQueryRewriter.INSTRUCTION)
        .contains("User: Does aspirin reduce the risk of colorectal cancer?\nAssistant: Yes [1].")
        .contains("User: And in women?\nAssistant: Also yes [2].")
        .contains("Last question: And in children?")
        .doesNotContain("ibuprofen");
  }

  @Test
  void should_not_call_the_model_when_the_question_stands_alone() {
    // given
    ScriptedLanguageModel model = new ScriptedLanguageModel("never used");
    ModelQueryRewriter rewriter = new ModelQueryRewriter(model);

    // when
    StandaloneQuery query =
        rewriter.rewrite(ABOUT_ASPIRIN, "How is vitamin D deficiency diagnosed in the elderly?");

    // then
    assertThat(query.method()).isEqualTo(RewriteMethod.UNCHANGED);
    assertThat(model.prompts()).isEmpty();
  }

  @Test
  void should_fall_back_to_the_contextualiser_when_the_model_writes_nothing_usable() {
    // given
    ModelQueryRewriter rewriter = new ModelQueryRewriter(new ScriptedLanguageModel("  \"\"  "));

    // when
    StandaloneQuery query = rewriter.rewrite(ABOUT_ASPIRIN, "Is it safe?");

    // then
    assertThat(query)
        .isEqualTo(new Contextualiser().rewrite(ABOUT_ASPIRIN, "Is it safe?"))
        .extracting(StandaloneQuery::method)
        .isEqualTo(RewriteMethod.CONTEXTUALISED);
  }

  @Test
  void should_fall_back_to_the_contextualiser_when_the_prompt_does_not_fit_the_models_window() {
    // given: the tiny model's window holds 128 tokens, fewer than the instruction alone
    ModelQueryRewriter rewriter =
        new ModelQueryRewriter(
            new OnnxLanguageModel(new TextGenerator(TinyModels.model("tiny-llama"))));

    // when
    StandaloneQuery query = rewriter.rewrite(ABOUT_ASPIRIN, "Is it safe?");

    // then
    assertThat(query.text()).isEqualTo("Is it safe? aspirin reduce risk colorectal cancer");
    assertThat(query.method()).isEqualTo(RewriteMethod.CONTEXTUALISED);
  }

  @Test
  void should_take_the_first_line_without_label_or_quotes() {
    assertThat(ModelQueryRewriter.clean("\n  Standalone query: 'aspirin dose'\nmore"))
        .isEqualTo("aspirin dose");
  }
}
