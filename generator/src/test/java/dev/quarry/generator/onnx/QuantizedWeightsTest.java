package dev.quarry.generator.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.generator.sampling.Sampler;
import dev.quarry.generator.testing.TinyModels;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Weight-only quantized graphs (ONNX Runtime's MatMulNBits, 4-bit, block 32) against their float32
 * twin, a graph built from the same weights dequantized. The graphs computed in float32 match
 * PyTorch in {@link DecoderReferenceTest}; this covers the one whose operator also quantizes the
 * activations to int8 (accuracy level 4, what CPU exports ask for), which is close, not equal.
 */
class QuantizedWeightsTest {

  /** Logits may move by this share of their spread (max - min) at any step. */
  private static final float RELATIVE_TOLERANCE = 0.03f;

  static Stream<TinyModels.Case> cases() {
    return TinyModels.cases("tiny-qwen2").stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void should_stay_close_to_the_float32_twin_when_activations_are_quantized_to_int8(
      TinyModels.Case c) {
    // given: both graphs fed the same tokens (the twin's greedy continuation), since with random
    // weights near-ties are common and one differing pick would make the sequences diverge
    DecoderModel twin = TinyModels.model("tiny-qwen2");
    DecoderModel int8 = TinyModels.model(TinyModels.INT8_ACTIVATIONS);

    // when
    List<float[]> expected = teacherForced(twin, c.promptIds(), c.greedyIds());
    List<float[]> actual = teacherForced(int8, c.promptIds(), c.greedyIds());

    // then: the prompt's next token is the same, and every step's logits are close
    assertThat(Sampler.ARGMAX.sample(actual.get(0).clone()))
        .isEqualTo(Sampler.ARGMAX.sample(expected.get(0).clone()));
    for (int step = 0; step < expected.size(); step++) {
      assertThat(maxAbsDifference(actual.get(step), expected.get(step)))
          .as("step %d", step)
          .isLessThan(RELATIVE_TOLERANCE * spread(expected.get(step)));
    }
  }

  /** Logits after the prompt, then after each of {@code forced} fed one at a time. */
  private static List<float[]> teacherForced(DecoderModel model, long[] prompt, long[] forced) {
    List<float[]> out = new ArrayList<>();
    try (KvCache cache = model.newCache(1)) {
      out.add(model.prefill(cache, List.of(prompt))[0]);
      for (int i = 0; i + 1 < forced.length; i++) {
        out.add(model.decode(cache, new long[] {forced[i]})[0]);
      }
    }
    return out;
  }

  private static float maxAbsDifference(float[] a, float[] b) {
    float max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }

  private static float spread(float[] logits) {
    float min = Float.POSITIVE_INFINITY;
    float max = Float.NEGATIVE_INFINITY;
    for (float v : logits) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    return max - min;
  }
}
