package dev.quarry.generator.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.quarry.generator.sampling.Sampler;
import dev.quarry.generator.testing.TinyModels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The ONNX Runtime engine against PyTorch's own outputs for the same random weights. */
class DecoderReferenceTest {

  static Stream<Arguments> cases() {
    return TinyModels.NAMES.stream()
        .flatMap(name -> TinyModels.cases(name).stream().map(c -> Arguments.of(name, c)));
  }

  static Stream<String> models() {
    return TinyModels.NAMES.stream();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("cases")
  void should_encode_prompt_to_reference_ids_when_tokenizing(String name, TinyModels.Case c) {
    // given
    DecoderModel model = TinyModels.model(name);

    // when
    long[] ids = model.tokenizer().encode(c.prompt());

    // then
    assertThat(ids).containsExactly(c.promptIds());
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("cases")
  void should_reproduce_pytorch_ids_and_logits_when_decoding_greedily_with_kv_cache(
      String name, TinyModels.Case c) {
    // given
    DecoderModel model = TinyModels.model(name);
    List<float[]> stepLogits = new ArrayList<>();

    // when
    long[] ids = greedyWithCache(model, c.promptIds(), c.greedyIds().length, stepLogits);

    // then
    assertThat(ids).containsExactly(c.greedyIds());
    assertThat(stepLogits.get(0)).containsExactly(c.prefillLogits(), within(1e-4f));
    assertThat(stepLogits.get(stepLogits.size() - 1))
        .containsExactly(c.lastLogits(), within(1e-4f));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("cases")
  void should_equal_cached_decoding_when_decoding_without_cache(String name, TinyModels.Case c) {
    // given
    DecoderModel model = TinyModels.model(name);
    int steps = c.greedyIds().length;
    List<float[]> cached = new ArrayList<>();
    long[] withCache = greedyWithCache(model, c.promptIds(), steps, cached);

    // when: every step reruns the whole sequence through an empty cache
    long[] sequence = c.promptIds();
    List<float[]> uncached = new ArrayList<>();
    for (int step = 0; step < steps; step++) {
      try (KvCache fresh = model.newCache(1)) {
        float[] logits = model.prefill(fresh, List.of(sequence))[0];
        uncached.add(logits.clone());
        sequence = append(sequence, Sampler.ARGMAX.sample(logits));
      }
    }

    // then
    assertThat(Arrays.copyOfRange(sequence, c.promptIds().length, sequence.length))
        .containsExactly(withCache);
    for (int step = 0; step < steps; step++) {
      assertThat(uncached.get(step)).containsExactly(cached.get(step), within(1e-4f));
    }
  }

  @ParameterizedTest
  @MethodSource("models")
  void should_give_each_prompt_its_own_result_when_batched_with_left_padding(String name) {
    // given
    DecoderModel model = TinyModels.model(name);
    List<TinyModels.Case> cases = TinyModels.cases(name);
    List<long[]> prompts = cases.stream().map(TinyModels.Case::promptIds).toList();
    int steps = cases.get(0).greedyIds().length;

    // when
    long[][] batched = new long[prompts.size()][steps];
    try (KvCache cache = model.newCache(prompts.size())) {
      float[][] logits = model.prefill(cache, prompts);
      for (int step = 0; step < steps; step++) {
        long[] next = new long[prompts.size()];
        for (int r = 0; r < next.length; r++) {
          next[r] = Sampler.ARGMAX.sample(logits[r]);
          batched[r][step] = next[r];
        }
        logits = model.decode(cache, next);
      }
    }

    // then: the prompts have different lengths, so all but the longest were padded
    assertThat(prompts.stream().mapToInt(p -> p.length).distinct().count()).isGreaterThan(1);
    for (int r = 0; r < prompts.size(); r++) {
      assertThat(batched[r]).as("row %d", r).containsExactly(cases.get(r).greedyIds());
    }
  }

  static long[] greedyWithCache(DecoderModel model, long[] prompt, int steps, List<float[]> seen) {
    long[] out = new long[steps];
    try (KvCache cache = model.newCache(1)) {
      float[] logits = model.prefill(cache, List.of(prompt))[0];
      for (int step = 0; step < steps; step++) {
        seen.add(logits.clone());
        out[step] = Sampler.ARGMAX.sample(logits);
        if (step + 1 < steps) {
          logits = model.decode(cache, new long[] {out[step]})[0];
        }
      }
    }
    return out;
  }

  private static long[] append(long[] ids, long id) {
    long[] out = Arrays.copyOf(ids, ids.length + 1);
    out[ids.length] = id;
    return out;
  }
}
