package dev.quarry.generator.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SamplerTest {

  private static final long SEED = 1234L;

  @Test
  void should_pick_the_highest_logit_and_the_lowest_id_on_ties_when_greedy() {
    assertThat(Sampler.ARGMAX.sample(new float[] {0.1f, 3f, -2f, 3f})).isEqualTo(1);
  }

  @Test
  void should_equal_greedy_when_top_k_is_one() {
    // given
    Random random = new Random(SEED);
    TopPSampler sampler = new TopPSampler(1.5f, 1, 1f, SEED);

    for (int trial = 0; trial < 50; trial++) {
      float[] logits = randomLogits(random, 100);
      // when / then
      assertThat(sampler.sample(logits.clone()))
          .as("seed %d", SEED)
          .isEqualTo(Sampler.ARGMAX.sample(logits));
    }
  }

  @Test
  void should_never_sample_outside_the_nucleus_when_top_p_is_small() {
    // given: token 0 holds ~88% of the mass, token 1 ~12%
    float[] logits = {4f, 2f, -5f, -5f, -5f};
    TopPSampler sampler = new TopPSampler(1f, 0, 0.9f, SEED);
    Map<Integer, Integer> counts = new HashMap<>();

    // when
    for (int i = 0; i < 2000; i++) {
      counts.merge(sampler.sample(logits.clone()), 1, Integer::sum);
    }

    // then
    assertThat(counts.keySet()).containsOnly(0, 1);
    assertThat(counts.get(0)).isBetween(1650, 1850);
  }

  @Test
  void should_draw_the_same_tokens_when_seeded_alike() {
    // given
    Random random = new Random(SEED);
    float[] logits = randomLogits(random, 50);
    TopPSampler a = new TopPSampler(0.8f, 20, 0.95f, SEED);
    TopPSampler b = new TopPSampler(0.8f, 20, 0.95f, SEED);

    // when / then
    for (int i = 0; i < 100; i++) {
      assertThat(a.sample(logits.clone())).isEqualTo(b.sample(logits.clone()));
    }
  }

  static Stream<Arguments> penalties() {
    return Stream.of(
        Arguments.of(2f, new float[] {4f, -1f, 3f}, new float[] {2f, -2f, 3f}),
        Arguments.of(1f, new float[] {4f, -1f, 3f}, new float[] {4f, -1f, 3f}),
        Arguments.of(0.5f, new float[] {4f, -1f, 3f}, new float[] {8f, -0.5f, 3f}));
  }

  @ParameterizedTest(name = "penalty {0}")
  @MethodSource("penalties")
  void should_divide_positive_and_multiply_negative_logits_when_penalising_seen_tokens(
      float penalty, float[] logits, float[] expected) {
    // when: tokens 0 and 1 were seen (token 0 twice)
    new RepetitionPenalty(penalty).apply(logits, new long[] {0, 1, 0}, 3);

    // then
    assertThat(logits).containsExactly(expected);
  }

  @Test
  void should_reject_out_of_range_settings() {
    assertThatThrownBy(() -> new SamplingSettings(-1f, 0, 1f, 1f, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SamplingSettings(1f, 0, 0f, 1f, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SamplingSettings(1f, -1, 1f, 1f, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static float[] randomLogits(Random random, int n) {
    float[] logits = new float[n];
    for (int i = 0; i < n; i++) {
      logits[i] = (float) random.nextGaussian() * 3;
    }
    return logits;
  }
}
