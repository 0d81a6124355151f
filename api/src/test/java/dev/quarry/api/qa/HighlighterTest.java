package dev.quarry.api.qa;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HighlighterTest {

  private static final String PASSAGE =
      "Quarry keeps uploads under data/blobs.\nEach blob is named by its\n  SHA-256 hash. Indexes"
          + " live elsewhere.";

  @Test
  void should_find_a_quoted_sentence_across_line_breaks() {
    // when
    Highlighter.Span span =
        Highlighter.find(PASSAGE, List.of("Each blob is named by its SHA-256 hash [1]."));

    // then
    assertThat(PASSAGE.substring(span.start(), span.end()))
        .isEqualTo("Each blob is named by its\n  SHA-256 hash");
  }

  @Test
  void should_pick_the_passage_sentence_sharing_most_words_with_a_paraphrase() {
    Highlighter.Span span =
        Highlighter.find(PASSAGE, List.of("Uploaded files are kept in the blobs folder [2]."));
    assertThat(PASSAGE.substring(span.start(), span.end())).startsWith("Quarry keeps uploads");
  }

  @Test
  void should_find_nothing_when_no_word_is_shared() {
    assertThat(Highlighter.find(PASSAGE, List.of("Completely unrelated [1]."))).isNull();
  }
}
