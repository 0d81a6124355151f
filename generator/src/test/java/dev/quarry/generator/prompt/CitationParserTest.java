package dev.quarry.generator.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.generator.testing.Corpus;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CitationParserTest {

  static Stream<Arguments> answers() {
    return Stream.of(
        Arguments.of(
            "Paris is the capital [1].", "Paris is the capital [1].", List.of(1), List.of()),
        Arguments.of("Boils at 100 [2][3].", "Boils at 100 [2][3].", List.of(2, 3), List.of()),
        Arguments.of("Both [1, 3].", "Both [1, 3].", List.of(1, 3), List.of()),
        Arguments.of("Made up [7].", "Made up.", List.of(), List.of(7L)),
        Arguments.of("Mixed [2, 9] and [0].", "Mixed [2] and.", List.of(2), List.of(9L, 0L)),
        Arguments.of("Again [1]. And [1].", "Again [1]. And [1].", List.of(1), List.of()),
        Arguments.of("Doubled [2, 2].", "Doubled [2].", List.of(2), List.of()),
        Arguments.of("Huge [123456789012].", "Huge.", List.of(), List.of(123456789012L)),
        Arguments.of(
            "Beyond [99999999999999999999999].", "Beyond.", List.of(), List.of(Long.MAX_VALUE)),
        Arguments.of("No citation.", "No citation.", List.of(), List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("answers")
  void should_map_numbers_to_source_ids_and_report_unknown_ones_when_parsing(
      String answer, String text, List<Integer> numbers, List<Long> unknown) {
    // given
    CitationParser parser = new CitationParser();

    // when
    ParsedCitations parsed = parser.parse(answer, Corpus.ALL);

    // then
    assertThat(parsed.text()).isEqualTo(text);
    assertThat(parsed.citations()).extracting(Citation::number).containsExactlyElementsOf(numbers);
    assertThat(parsed.citations())
        .extracting(Citation::sourceId)
        .containsExactlyElementsOf(numbers.stream().map(n -> Corpus.ALL.get(n - 1).id()).toList());
    assertThat(parsed.unknownNumbers()).containsExactlyElementsOf(unknown);
  }
}
