package dev.quarry.generator.grounding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.generator.testing.Corpus;
import dev.quarry.generator.testing.HashedBagOfWordsEmbedder;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroundingTest {

  private final SentenceEmbedder embedder = new HashedBagOfWordsEmbedder();

  @Test
  void should_keep_trailing_citations_with_their_sentence_when_splitting() {
    // when
    List<String> sentences = SentenceSplitter.split("Paris is the capital. [1] It is big [2]! Ok?");

    // then
    assertThat(sentences).containsExactly("Paris is the capital. [1]", "It is big [2]!", "Ok?");
  }

  @Test
  void should_give_each_sentence_its_place_in_the_text_when_splitting() {
    // given
    String text = "  First one.\n  Second [1][2] one!\n\nThird";

    // when
    List<SentenceSplitter.Span> spans = SentenceSplitter.spans(text);

    // then
    assertThat(spans.stream().map(s -> text.substring(s.start(), s.end())))
        .containsExactly("First one.", "Second [1][2] one!", "Third");
  }

  @Test
  void should_join_hard_wrapped_lines_but_split_blocks_when_splitting() {
    // given: Markdown as people write it, wrapped at 40 columns
    String markdown =
        "# Setup\n\nThe server keeps its data\n   under ./data by default.\n"
            + "- Blobs are fsynced.\n- Indexes are Lucene.\n\nA new paragraph";

    // when
    List<String> sentences = SentenceSplitter.split(markdown);

    // then
    assertThat(sentences)
        .containsExactly(
            "# Setup",
            "The server keeps its data under ./data by default.",
            "- Blobs are fsynced.",
            "- Indexes are Lucene.",
            "A new paragraph");
  }

  @Test
  void should_flag_sentences_their_sources_do_not_support_when_checking() {
    // given
    GroundingChecker checker = new GroundingChecker(embedder);
    String answer =
        "Paris is the capital of France [1]. Water boils at 100 degrees Celsius at sea level [2]."
            + " The moon is made of cheese [3]. The Seine flows through Paris.";

    // when
    GroundingReport report = checker.check(answer, Corpus.ALL);

    // then
    assertThat(report.sentences()).hasSize(4);
    assertThat(report.sentences())
        .extracting(SentenceSupport::supported)
        .containsExactly(true, true, false, false);
    assertThat(report.unsupported().get(1).citedNumbers()).isEmpty();
    assertThat(report.sentences().get(0).overlap()).isGreaterThan(0.5);
  }

  @Test
  void should_not_count_a_citation_of_the_wrong_source_when_checking() {
    // when
    GroundingReport report =
        new GroundingChecker(embedder).check("Paris is the capital of France [3].", Corpus.ALL);

    // then
    assertThat(report.anySupported()).isFalse();
  }

  @Test
  void should_not_throw_on_a_citation_number_too_long_for_an_int_when_checking() {
    // when
    GroundingReport report =
        new GroundingChecker(embedder).check("Paris is the capital [123456789012].", Corpus.ALL);

    // then
    assertThat(report.sentences())
        .singleElement()
        .satisfies(s -> assertThat(s.supported()).isFalse());
  }

  @Test
  void should_judge_a_question_the_sources_hold_answerable_and_an_unrelated_one_not() {
    // given
    EvidenceScorer scorer = new EvidenceScorer(embedder, SupportScore.DEFAULT);
    double threshold = HashedBagOfWordsEmbedder.MIN_EVIDENCE;

    // when
    Answerability.Verdict boiling =
        Answerability.judge(
            scorer.score("At what temperature does water boil at sea level?", Corpus.ALL),
            threshold);
    Answerability.Verdict painting =
        Answerability.judge(scorer.score("Who painted the Mona Lisa?", Corpus.ALL), threshold);

    // then
    assertThat(boiling.answerable()).isTrue();
    assertThat(painting.answerable()).isFalse();
    assertThat(painting.strength()).isLessThan(boiling.strength());
    assertThat(Answerability.judge(scorer.score("Who painted it?", Corpus.ALL), 0).answerable())
        .isTrue();
  }
}
