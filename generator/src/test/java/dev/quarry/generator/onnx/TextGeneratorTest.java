package dev.quarry.generator.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.generator.GeneratorException;
import dev.quarry.generator.sampling.SamplingSettings;
import dev.quarry.generator.testing.TinyModels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextGeneratorTest {

  private final TextGenerator generator = new TextGenerator(TinyModels.model("tiny-llama"));
  private final TinyModels.Case reference = TinyModels.cases("tiny-llama").get(0);

  @Test
  void should_stream_deltas_that_join_to_the_result_when_generating() {
    // given
    List<String> deltas = new ArrayList<>();

    // when
    GenerationResult result =
        generator.generate(
            reference.prompt(),
            GenerationRequest.greedy(40),
            deltas::add,
            new CancellationSignal());

    // then
    assertThat(String.join("", deltas)).isEqualTo(result.text());
    assertThat(result.promptTokens()).isEqualTo(reference.promptIds().length);
    assertThat(result.tokenIds()).startsWith(firstUntilEos(reference.greedyIds()));
  }

  @Test
  void should_stop_before_the_stop_string_when_it_appears() {
    // given: the first few generated characters, taken from an unconstrained run
    String free =
        generator
            .generate(
                reference.prompt(),
                GenerationRequest.greedy(12),
                TokenStreamListener.NONE,
                new CancellationSignal())
            .text();
    String stop = free.substring(3, 5);
    List<String> deltas = new ArrayList<>();

    // when
    GenerationResult result =
        generator.generate(
            reference.prompt(),
            new GenerationRequest(12, SamplingSettings.GREEDY, List.of(stop)),
            deltas::add,
            new CancellationSignal());

    // then
    assertThat(result.finishReason()).isEqualTo(FinishReason.STOP_STRING);
    assertThat(result.text()).isEqualTo(free.substring(0, free.indexOf(stop)));
    assertThat(String.join("", deltas)).isEqualTo(result.text());
  }

  @Test
  void should_stop_at_max_new_tokens_when_no_eos_comes() {
    // when
    GenerationResult result =
        generator.generate(
            reference.prompt(),
            GenerationRequest.greedy(3),
            TokenStreamListener.NONE,
            new CancellationSignal());

    // then
    assertThat(result.tokenIds()).hasSize(3);
    assertThat(result.finishReason()).isEqualTo(FinishReason.MAX_TOKENS);
    assertThat(result.timings().decodeSteps()).isEqualTo(2);
  }

  @Test
  void should_return_partial_text_marked_cancelled_when_cancelled_while_streaming() {
    // given
    CancellationSignal cancellation = new CancellationSignal();
    List<String> deltas = new ArrayList<>();

    // when: the listener cancels after the first delta
    GenerationResult result =
        generator.generate(
            reference.prompt(),
            GenerationRequest.greedy(40),
            delta -> {
              deltas.add(delta);
              cancellation.cancel();
            },
            cancellation);

    // then
    assertThat(result.finishReason()).isEqualTo(FinishReason.CANCELLED);
    assertThat(result.tokenIds().length).isLessThan(40);
    assertThat(String.join("", deltas)).isEqualTo(result.text());
  }

  @Test
  void should_reproduce_the_same_text_when_sampling_with_the_same_seed() {
    // given
    GenerationRequest request =
        new GenerationRequest(20, new SamplingSettings(0.9f, 50, 0.95f, 1.1f, 42L), List.of());

    // when
    GenerationResult first =
        generator.generate(
            reference.prompt(), request, TokenStreamListener.NONE, new CancellationSignal());
    GenerationResult second =
        generator.generate(
            reference.prompt(), request, TokenStreamListener.NONE, new CancellationSignal());

    // then
    assertThat(first.tokenIds()).containsExactly(second.tokenIds());
  }

  @Test
  void should_fail_with_a_clear_message_when_the_prompt_exceeds_the_context_window() {
    // given: the tiny models have a 128-token window
    String prompt = "The capital of France is Paris. ".repeat(60);

    // when / then
    assertThatThrownBy(
            () ->
                generator.generate(
                    prompt,
                    GenerationRequest.greedy(5),
                    TokenStreamListener.NONE,
                    new CancellationSignal()))
        .isInstanceOf(GeneratorException.class)
        .hasMessageContaining("context window is 128")
        .hasMessageContaining("tiny-llama");
  }

  @Test
  void should_give_each_row_what_it_gives_alone_when_generating_a_padded_batch() {
    // given
    List<long[]> prompts =
        TinyModels.cases("tiny-llama").stream().map(TinyModels.Case::promptIds).toList();
    List<String> alone = new ArrayList<>();
    for (long[] prompt : prompts) {
      alone.add(
          generator
              .generate(
                  List.of(prompt),
                  GenerationRequest.greedy(12),
                  List.of(TokenStreamListener.NONE),
                  new CancellationSignal())
              .get(0)
              .text());
    }
    List<StringBuilder> streamed =
        List.of(new StringBuilder(), new StringBuilder(), new StringBuilder());

    // when
    List<GenerationResult> batch =
        generator.generate(
            prompts,
            GenerationRequest.greedy(12),
            List.of(streamed.get(0)::append, streamed.get(1)::append, streamed.get(2)::append),
            new CancellationSignal());

    // then
    assertThat(batch).extracting(GenerationResult::text).containsExactlyElementsOf(alone);
    assertThat(streamed).extracting(StringBuilder::toString).containsExactlyElementsOf(alone);
  }

  @Test
  void should_stop_when_the_context_window_is_full() {
    // given: 124 prompt tokens in a 128-token window (a prompt whose greedy run has no EOS)
    long[] ids = TinyModels.cases("tiny-llama").get(1).promptIds();
    long[] prompt = new long[124];
    for (int i = 0; i < prompt.length; i++) {
      prompt[i] = ids[i % ids.length];
    }

    // when
    GenerationResult result =
        generator
            .generate(
                List.of(prompt),
                GenerationRequest.greedy(40),
                List.of(TokenStreamListener.NONE),
                new CancellationSignal())
            .get(0);

    // then
    assertThat(result.finishReason()).isEqualTo(FinishReason.CONTEXT_FULL);
    assertThat(result.tokenIds()).hasSize(4);
  }

  private static long[] firstUntilEos(long[] ids) {
    int eos = TinyModels.model("tiny-llama").config().eosTokenIds().get(0);
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] == eos) {
        return Arrays.copyOf(ids, i + 1);
      }
    }
    return ids;
  }
}
