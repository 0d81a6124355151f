package dev.quarry.generator.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AbstentionSignalTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "NOT_IN_SOURCES",
        "  not_in_sources.",
        "\"NOT IN SOURCES\"",
        "**NOT_IN_SOURCES**",
        "Not in sources."
      })
  void should_recognise_the_sentinel_however_the_model_dresses_it(String output) {
    assertThat(AbstentionSignal.remove(output)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Paris is the capital [1].|Paris is the capital [1].",
        "Paris is the capital [1]. NOT_IN_SOURCES for its population.|Paris is the capital [1].",
        "The sources say nothing about it, but Paris is the capital [1].|"
            + "The sources say nothing about it, but Paris is the capital [1]."
      })
  void should_keep_an_answer_and_drop_only_the_sentinels_sentences(String output, String kept) {
    assertThat(AbstentionSignal.remove(output)).isEqualTo(Optional.of(kept));
  }
}
