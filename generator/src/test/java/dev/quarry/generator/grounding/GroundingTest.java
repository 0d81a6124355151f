package dev.quarry.generator.grounding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.generator.Source;
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
  void should_keep_a_table_row_whole_and_a_last_citation_with_its_sentence_when_splitting() {
    // given: rows whose cells end in full stops, and a citation at the very end
    String text =
        "Compose files follow. [1]\n"
            + "| `compose.yaml` | Quarry and PostgreSQL, with volumes `pgdata` and `data`. | [2]\n"
            + "| tests | Run them. Then read the report. |\n"
            + "That is all. [3]";

    // when
    List<String> sentences = SentenceSplitter.split(text);

    // then
    assertThat(sentences)
        .containsExactly(
            "Compose files follow. [1]",
            "| `compose.yaml` | Quarry and PostgreSQL, with volumes `pgdata` and `data`. | [2]",
            "| tests | Run them. Then read the report. |",
            "That is all. [3]");
  }

  @Test
  void should_not_split_after_an_abbreviation_the_sentence_goes_on_after() {
    // when
    List<String> sentences =
        SentenceSplitter.split(
            "Another language needs a package, e.g. `tesseract-ocr-fra`, installed first. It is"
                + " read at once, i.e. on the next upload, as in Smith et al. (2020), etc. Then"
                + " nothing else is needed.");

    // then
    assertThat(sentences)
        .containsExactly(
            "Another language needs a package, e.g. `tesseract-ocr-fra`, installed first.",
            "It is read at once, i.e. on the next upload, as in Smith et al. (2020), etc.",
            "Then nothing else is needed.");
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
  void should_check_a_quoted_table_row_and_its_citation_as_one_sentence() {
    // given: the row as the extractive composer quotes it, last in the answer
    String row =
        "| `docker/compose.yaml` | Quarry (PostgreSQL build) + PostgreSQL 16, with volumes"
            + " `pgdata` and `quarry-data`. |";
    List<Source> sources =
        List.of(
            new Source(
                "deployment.md#3", "deployment.md", "| file | what it runs |\n|---|---|\n" + row));

    // when
    GroundingReport report =
        new GroundingChecker(embedder).check("Compose runs both. [1]\n" + row + " [1]", sources);

    // then
    assertThat(report.sentences())
        .extracting(SentenceSupport::sentence)
        .containsExactly("Compose runs both. [1]", row + " [1]");
    assertThat(report.sentences().get(1).supported()).isTrue();
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
