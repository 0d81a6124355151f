package dev.quarry.generator.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.generator.testing.TinyModels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamingDetokenizerTest {

  private final TextTokenizer tokenizer = TinyModels.model("tiny-llama").tokenizer();

  @Test
  void should_emit_only_whole_utf8_characters_when_a_character_spans_several_tokens() {
    // given: "☕" and "東" are three bytes, "🙂" four; byte-level BPE splits them over tokens
    String text = "a ☕ 東京 🙂 done";
    long[] ids = tokenizer.encode(text);
    assertThat(ids.length).isGreaterThan(text.length());
    StreamingDetokenizer detokenizer = new StreamingDetokenizer(tokenizer);
    List<String> deltas = new ArrayList<>();

    // when
    for (long id : ids) {
      deltas.add(detokenizer.push(id));
    }
    deltas.add(detokenizer.flush());

    // then: held back while incomplete (empty deltas), whole characters once complete
    assertThat(String.join("", deltas)).isEqualTo(text);
    assertThat(deltas).contains("", "☕", "🙂");
    for (String delta : deltas) {
      assertThat(new String(delta.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
          .as("delta survives a UTF-8 round trip")
          .isEqualTo(delta)
          .doesNotContain("\uFFFD");
    }
  }

  @Test
  void should_flush_a_replacement_character_when_generation_ends_inside_a_character() {
    // given: only the first byte-token of a three-byte character
    long[] ids = tokenizer.encode("☕");
    StreamingDetokenizer detokenizer = new StreamingDetokenizer(tokenizer);

    // when
    String first = detokenizer.push(ids[0]);
    String rest = detokenizer.flush();

    // then
    assertThat(first).isEmpty();
    assertThat(rest).isEqualTo("\uFFFD");
  }
}
