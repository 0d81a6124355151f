package dev.quarry.generator.grounding;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The marker grammar, pinned by the case file the web UI's parser is tested on as well. */
class CitationMarkersTest {

  static Stream<JsonNode> cases() throws IOException {
    try (InputStream in = CitationMarkersTest.class.getResourceAsStream("/citation-markers.json")) {
      List<JsonNode> cases = new ArrayList<>();
      new ObjectMapper().readTree(in).path("cases").forEach(cases::add);
      return cases.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void should_find_bounds_check_and_strip_markers_as_the_shared_cases_say(JsonNode c) {
    // given
    String text = c.path("text").asText();
    int sources = c.path("sources").asInt();

    // when
    List<CitationMarkers.Marker> markers = CitationMarkers.find(text);

    // then
    List<List<Integer>> spans = markers.stream().map(m -> List.of(m.start(), m.end())).toList();
    List<List<Integer>> expectedSpans = new ArrayList<>();
    c.path("markers").forEach(m -> expectedSpans.add(List.of(m.get(0).asInt(), m.get(1).asInt())));
    assertThat(spans).isEqualTo(expectedSpans);
    List<Integer> valid = new ArrayList<>();
    c.path("valid").forEach(n -> valid.add(n.asInt()));
    assertThat(CitationMarkers.validNumbersIn(text, sources)).isEqualTo(valid);
    assertThat(CitationMarkers.strip(text)).isEqualTo(c.path("stripped").asText());
  }
}
