package dev.quarry.ingestion.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.ingestion.parse.ParseLimits;
import dev.quarry.ingestion.parse.ParsedDocument;
import dev.quarry.ingestion.parse.TikaDocumentParser;
import dev.quarry.retriever.embed.EmbedderSettings;
import dev.quarry.retriever.embed.OnnxBertEmbedder;
import dev.quarry.retriever.index.Chunk;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TokenAwareChunkerTest {

  private static final long SEED = 20260301L;
  private static final TikaDocumentParser PARSER = new TikaDocumentParser(ParseLimits.defaults());
  private static OnnxBertEmbedder model;

  @BeforeAll
  static void loadModel() {
    model = OnnxBertEmbedder.bgeSmallEnV15(new EmbedderSettings(1, 1, 512));
  }

  @AfterAll
  static void closeModel() {
    model.close();
  }

  private static ParsedDocument markdown(String text) {
    return PARSER.parse(text.getBytes(StandardCharsets.UTF_8), "doc.md");
  }

  private static List<Chunk> chunk(ParsedDocument doc, int target, int overlap) {
    return new TokenAwareChunker(model, new ChunkingSettings(target, overlap))
        .chunk(doc, Map.of("source", "doc.md"));
  }

  /** Seeded random prose: sentences of 5–40 words, paragraphs of 1–8 sentences. */
  private static String prose(Random random, int paragraphs) {
    String[] words = {
      "river",
      "mountain",
      "quietly",
      "enzyme",
      "protein",
      "the",
      "of",
      "an",
      "analysis",
      "measured",
      "cells",
      "temperature",
      "significant",
      "Paris",
      "network",
      "2024",
      "results"
    };
    StringBuilder sb = new StringBuilder();
    for (int p = 0; p < paragraphs; p++) {
      int sentences = 1 + random.nextInt(8);
      for (int s = 0; s < sentences; s++) {
        int n = 5 + random.nextInt(36);
        for (int w = 0; w < n; w++) {
          String word = words[random.nextInt(words.length)];
          sb.append(w == 0 ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word);
          sb.append(w == n - 1 ? ". " : " ");
        }
      }
      sb.append("\n\n");
    }
    return sb.toString();
  }

  @Test
  void should_never_exceed_the_window_when_sentences_and_words_are_huge() {
    // given: normal prose, a 2,000-word sentence, and a 5,000-character "word"
    Random random = new Random(SEED);
    String text =
        "# Report\n\n"
            + prose(random, 10)
            + "word ".repeat(2000).strip()
            + ".\n\n"
            + "x9Z".repeat(1700)
            + "\n\n"
            + prose(random, 5);
    ParsedDocument doc = markdown(text);

    // when
    List<Chunk> chunks = chunk(doc, 300, 50);

    // then
    assertThat(chunks).as("seed %d", SEED).hasSizeGreaterThan(10);
    for (Chunk c : chunks) {
      assertThat(model.countTokens(c.contextualText()))
          .as("seed %d, chunk %d", SEED, c.ordinal())
          .isLessThanOrEqualTo(model.maxContentTokens());
    }
  }

  @Test
  void should_point_offsets_at_the_chunk_text_when_chunking() {
    // given
    ParsedDocument doc =
        markdown(
            "# A\n\n" + prose(new Random(SEED), 30) + "## B\n\n" + prose(new Random(SEED + 1), 20));

    // when
    List<Chunk> chunks = chunk(doc, 120, 30);

    // then
    for (int i = 0; i < chunks.size(); i++) {
      Chunk c = chunks.get(i);
      assertThat(c.ordinal()).isEqualTo(i);
      assertThat(doc.text().substring(c.start(), c.end())).isEqualTo(c.text());
      assertThat(c.metadata()).containsEntry("source", "doc.md");
    }
  }

  @Test
  void should_cut_at_word_boundaries_when_words_fit_the_window() {
    // given
    ParsedDocument doc = markdown(prose(new Random(SEED + 2), 40));

    // when
    List<Chunk> chunks = chunk(doc, 64, 16);

    // then
    String text = doc.text();
    for (Chunk c : chunks) {
      assertThat(c.start() == 0 || !Character.isLetterOrDigit(text.charAt(c.start() - 1)))
          .as("chunk %d starts inside a word", c.ordinal())
          .isTrue();
      assertThat(c.end() == text.length() || !Character.isLetterOrDigit(text.charAt(c.end())))
          .as("chunk %d ends inside a word", c.ordinal())
          .isTrue();
    }
  }

  @Test
  void should_carry_heading_path_when_sections_have_headings() {
    // given
    ParsedDocument doc =
        markdown(
            "# Manual\n\n## Install\n\nRun the installer and accept the licence.\n\n"
                + "## Configure\n\n### Network\n\nSet the proxy address in settings.\n");

    // when
    List<Chunk> chunks = chunk(doc, 300, 50);

    // then
    assertThat(chunks).hasSize(2);
    assertThat(chunks.get(0).headingPath()).containsExactly("Manual", "Install");
    assertThat(chunks.get(1).headingPath()).containsExactly("Manual", "Configure", "Network");
    assertThat(chunks.get(1).contextualText()).contains("Network").contains("proxy address");
    assertThat(chunks.get(0).title()).isEqualTo("Manual");
  }

  @Test
  void should_repeat_the_end_of_a_chunk_when_a_section_continues() {
    // given: one long section
    ParsedDocument doc = markdown(prose(new Random(SEED + 3), 25));

    // when
    List<Chunk> chunks = chunk(doc, 100, 40);

    // then: each next chunk starts before the previous one ends, by at most the overlap
    assertThat(chunks).hasSizeGreaterThan(3);
    int overlapping = 0;
    for (int i = 1; i < chunks.size(); i++) {
      Chunk previous = chunks.get(i - 1);
      Chunk next = chunks.get(i);
      assertThat(next.start()).isGreaterThan(previous.start());
      if (next.start() < previous.end()) {
        overlapping++;
        String shared = doc.text().substring(next.start(), previous.end());
        assertThat(model.countTokens(shared)).isLessThanOrEqualTo(40);
      }
    }
    assertThat(overlapping).isGreaterThan(0);
  }

  @Test
  void should_keep_paragraphs_whole_when_they_fit_the_target() {
    // given: four paragraphs of about 60 tokens each, target 150: two paragraphs per chunk
    String paragraph =
        "Alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi."
            + " Rho sigma tau upsilon phi chi psi omega and back to the start again.";
    ParsedDocument doc =
        markdown(String.join("\n\n", List.of(paragraph, paragraph, paragraph, paragraph)));

    // when
    List<Chunk> chunks = chunk(doc, 150, 0);

    // then
    for (Chunk c : chunks) {
      assertThat(c.text()).startsWith("Alpha").endsWith("again.");
    }
  }
}
