package dev.quarry.retriever.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PercentilesTest {

  @Test
  void should_return_nearest_rank_values_when_sample_is_unsorted() {
    // given 1..100 shuffled by a fixed permutation
    long[] sample = new long[100];
    for (int i = 0; i < 100; i++) {
      sample[i] = (i * 37) % 100 + 1;
    }

    // when
    Percentiles p = new Percentiles(sample);

    // then
    assertThat(p.at(50)).isEqualTo(50);
    assertThat(p.at(99)).isEqualTo(99);
    assertThat(p.at(100)).isEqualTo(100);
    assertThat(p.at(0)).isEqualTo(1);
  }

  @Test
  void should_refuse_empty_sample() {
    assertThatThrownBy(() -> new Percentiles(new long[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
