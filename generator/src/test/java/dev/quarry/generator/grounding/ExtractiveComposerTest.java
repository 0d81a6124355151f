package dev.quarry.generator.grounding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.generator.Source;
import dev.quarry.generator.testing.Corpus;
import dev.quarry.generator.testing.HashedBagOfWordsEmbedder;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExtractiveComposerTest {

  /** Any sentence may join the best one, however far below it ranks. */
  private static final double NO_MARGIN = 1.0;

  private final EvidenceScorer scorer =
      new EvidenceScorer(new HashedBagOfWordsEmbedder(), SupportScore.DEFAULT);

  private String compose(ExtractiveComposer composer, String question, List<Source> sources) {
    return composer.compose(scorer.score(question, sources), sources).orElseThrow();
  }

  @Test
  void should_pick_the_answering_sentence_with_its_citation() {
    // when
    String answer =
        compose(
            new ExtractiveComposer(),
            "At what temperature does water boil at sea level?",
            Corpus.ALL);

    // then
    assertThat(answer).startsWith("Water boils at 100 degrees Celsius at sea level [2].");
    assertThat(answer).doesNotContain("heart");
  }

  @Test
  void should_say_a_sentence_once_citing_the_source_with_a_location_when_two_formats_hold_it() {
    // given: the TXT and the PDF of one manual; only the PDF has pages
    String text = "The scheduler runs cron jobs every minute. It logs to syslog.";
    List<Source> sources =
        List.of(
            new Source("manual.txt#4", "manual.txt", text),
            new Source("manual.pdf#9", "manual.pdf", text, List.of("Scheduling"), 12, null));

    // when
    String answer = compose(new ExtractiveComposer(), "How often does the scheduler run?", sources);

    // then
    assertThat(answer).containsOnlyOnce("The scheduler runs cron jobs every minute");
    assertThat(answer).contains("every minute [2].").doesNotContain("[1]");
  }

  @Test
  void should_never_quote_table_debris() {
    // given
    List<Source> sources =
        List.of(
            new Source(
                "pkgs#1",
                "packages",
                "| I:504 | | (Microsoft: MS-DOS, Windows) |\n|---|---|---|\n| 0x1F | 12 | 7 |\n\n"
                    + "The FAT filesystem driver reads Microsoft MS-DOS and Windows disks."));

    // when
    String answer =
        compose(new ExtractiveComposer(), "Which driver reads MS-DOS and Windows disks?", sources);

    // then
    assertThat(answer)
        .isEqualTo("The FAT filesystem driver reads Microsoft MS-DOS and Windows disks [1].");
  }

  @Test
  void should_quote_a_table_row_that_answers_as_a_row_of_its_own() {
    // given
    List<Source> sources =
        List.of(
            new Source(
                "limits#2",
                "limits",
                "| Setting | Default | Meaning |\n"
                    + "| max upload size | 100 MB | the largest file one upload may carry |\n"
                    + "| max files per request | 500 | more files are refused |"));

    // when
    String answer =
        compose(
            ExtractiveComposer.withMaxSentences(1),
            "What is the max upload size default?",
            sources);

    // then
    assertThat(answer)
        .isEqualTo("| max upload size | 100 MB | the largest file one upload may carry | [1]");
  }

  @Test
  void should_not_quote_a_table_s_header_row_which_names_what_its_columns_hold() {
    // given: a header that shares the question's words, and the row that answers
    List<Source> sources =
        List.of(
            new Source(
                "sizing#2",
                "sizing",
                "| per million chunks, per shard copy | | what follows |\n"
                    + "|---|---|---|\n"
                    + "| disk | 8.3 GB | keep each node's disk under the watermark |\n"
                    + "| heap | under 5 MB at rest | the vectors are off-heap |"));

    // when
    String answer =
        compose(
            ExtractiveComposer.withMaxSentences(1),
            "How much disk per million chunks per shard copy?",
            sources);

    // then
    assertThat(answer)
        .isEqualTo("| disk | 8.3 GB | keep each node's disk under the watermark | [1]");
  }

  @Test
  void should_quote_at_most_n_sentences_keeping_each_passage_in_document_order() {
    // given: the question's words spread over three sentences of one passage and one of another
    List<Source> sources =
        List.of(
            new Source("a#0", "A", "Backups of the index are copied nightly. Backups run at two."),
            new Source(
                "b#0",
                "B",
                "Backups of the index are compressed. The index backups are kept for a week."
                    + " Backups of the index are verified after copying."));

    // when
    List<EvidenceSentence> two =
        new ExtractiveComposer(2, NO_MARGIN, ExtractiveComposer.DEFAULT_OVERLAP_WEIGHT)
            .select(scorer.score("How are backups of the index kept?", sources), sources);
    List<EvidenceSentence> all =
        new ExtractiveComposer(5, NO_MARGIN, ExtractiveComposer.DEFAULT_OVERLAP_WEIGHT)
            .select(scorer.score("How are backups of the index kept?", sources), sources);

    // then
    assertThat(two).hasSize(2);
    assertThat(all).hasSize(5);
    for (int i = 1; i < all.size(); i++) {
      if (all.get(i).source() == all.get(i - 1).source()) {
        assertThat(all.get(i).index()).isGreaterThan(all.get(i - 1).index());
      }
    }
    assertThat(all.stream().map(EvidenceSentence::source).distinct()).hasSize(2);
  }

  @Test
  void should_not_quote_a_title_or_heading_as_an_answer() {
    // given: a passage that opens with its document's title, and one that repeats its heading
    List<Source> sources =
        List.of(
            new Source(
                "abstract#0",
                "Aspirin use and colorectal cancer risk in older adults",
                "Aspirin use and colorectal cancer risk in older adults.\n\n"
                    + "Daily aspirin use lowered colorectal cancer risk in adults over seventy."),
            new Source(
                "guide#3",
                "guide.md",
                "Colorectal cancer risk\n\nScreening starts at forty-five.",
                List.of("Colorectal cancer risk"),
                null,
                null));

    // when
    List<EvidenceSentence> picked =
        new ExtractiveComposer(3, NO_MARGIN, ExtractiveComposer.DEFAULT_OVERLAP_WEIGHT)
            .select(scorer.score("Does aspirin lower colorectal cancer risk?", sources), sources);

    // then
    assertThat(picked)
        .extracting(EvidenceSentence::text)
        .contains("Daily aspirin use lowered colorectal cancer risk in adults over seventy.")
        .doesNotContain(
            "Aspirin use and colorectal cancer risk in older adults.", "Colorectal cancer risk");
  }

  @Test
  void should_not_quote_a_menu_entry_that_names_another_source_s_section() {
    // given: a manual's chapter page, whose menu names its sections, and the section itself
    List<Source> sources =
        List.of(
            new Source(
                "using#0",
                "Using-libffi.html",
                "2 Using libffi\n\nThe Basics\n\nThe Closure API\n\nThread Safety",
                List.of("2 Using libffi"),
                null,
                null),
            new Source(
                "closures#0",
                "The-Closure-API.html",
                "2.5 The Closure API\n\nTo create a closure, allocate it with ffi_closure_alloc"
                    + " and prepare it with ffi_prep_closure_loc.",
                List.of("2.5 The Closure API"),
                null,
                null));

    // when
    List<EvidenceSentence> picked =
        new ExtractiveComposer(3, NO_MARGIN, ExtractiveComposer.DEFAULT_OVERLAP_WEIGHT)
            .select(
                scorer.score("How do I create a closure with the Closure API?", sources), sources);

    // then
    assertThat(picked)
        .extracting(EvidenceSentence::text)
        .containsExactly(
            "To create a closure, allocate it with ffi_closure_alloc and prepare it with"
                + " ffi_prep_closure_loc.");
  }

  @Test
  void should_not_quote_a_question_as_an_answer() {
    // given: an FAQ, whose questions share the most words with what is asked
    List<Source> sources =
        List.of(
            new Source(
                "faq#3",
                "faq.html",
                "Does Valgrind handle programs with a just-in-time compiler? Yes, if the"
                    + " compiler announces its generated code with the client request"
                    + " VALGRIND_DISCARD_TRANSLATIONS. Is Valgrind slow with \"JIT programs?\""));

    // when
    List<EvidenceSentence> picked =
        new ExtractiveComposer(3, NO_MARGIN, ExtractiveComposer.DEFAULT_OVERLAP_WEIGHT)
            .select(
                scorer.score(
                    "Does Valgrind handle programs with a just-in-time compiler?", sources),
                sources);

    // then
    assertThat(picked)
        .extracting(EvidenceSentence::text)
        .containsExactly(
            "Yes, if the compiler announces its generated code with the client request"
                + " VALGRIND_DISCARD_TRANSLATIONS.");
  }

  @Test
  void should_rank_a_sentence_read_under_its_heading() {
    // given: two sentences that say much the same of "it"; only the heading tells which is about
    // the backup tool the question asks of
    List<Source> sources =
        List.of(
            new Source(
                "a#1",
                "handbook",
                "It runs every night at one.",
                List.of("Mail server"),
                null,
                null),
            new Source(
                "b#7",
                "handbook",
                "It runs every night at two.",
                List.of("Backup tool"),
                null,
                null));

    // when
    List<EvidenceSentence> picked =
        new ExtractiveComposer(1, NO_MARGIN, 0)
            .select(scorer.score("When does the backup tool run?", sources), sources);

    // then
    assertThat(picked).singleElement().extracting(EvidenceSentence::source).isEqualTo(2);
  }

  @Test
  void should_quote_a_clear_winner_alone_and_close_runners_up_beside_it() {
    // given
    List<Source> sources =
        List.of(
            new Source(
                "ops#2",
                "operations",
                "Index snapshots are taken hourly and kept for two days. "
                    + "The web console shows the snapshot list. "
                    + "Snapshots older than two days are pruned."));
    Evidence evidence = scorer.score("How long are index snapshots kept?", sources);

    // when
    List<EvidenceSentence> tight = new ExtractiveComposer(3, 0, 0).select(evidence, sources);
    List<EvidenceSentence> loose =
        new ExtractiveComposer(3, NO_MARGIN, 0).select(evidence, sources);

    // then: with no margin only the best sentence is quoted; with any margin all three
    assertThat(tight)
        .extracting(EvidenceSentence::text)
        .containsExactly("Index snapshots are taken hourly and kept for two days.");
    assertThat(loose).hasSize(3);
  }

  @Test
  void should_quote_the_list_a_picked_lead_in_introduces_each_item_on_its_own_line() {
    // given: the answer is a sentence that leads into a list
    List<Source> sources =
        List.of(
            new Source(
                "ops#3",
                "operations",
                "Backups of the catalogue are kept for a week.\n\n"
                    + "To restore a backup of the catalogue, do the following:\n"
                    + "- Stop the server.\n"
                    + "- Copy the backup over the data folder.\n"
                    + "- Start the server again.\n\n"
                    + "The web console lists the backups."));

    // when
    String answer =
        compose(
            new ExtractiveComposer(1, 0, 0),
            "How do I restore a backup of the catalogue?",
            sources);

    // then: the lead-in, then its items, in order, each cited on a line of its own
    assertThat(answer)
        .isEqualTo(
            "To restore a backup of the catalogue, do the following [1]:\n"
                + "- Stop the server [1].\n"
                + "- Copy the backup over the data folder [1].\n"
                + "- Start the server again [1].");
  }

  @Test
  void should_leave_out_a_lead_in_with_nothing_quotable_after_it() {
    // given: a lead-in that ends its passage (the list was cut off into the next chunk)
    List<Source> sources =
        List.of(
            new Source(
                "ops#4",
                "operations",
                "Restores are rare and take about ten minutes. "
                    + "To restore a backup of the catalogue, do the following:"));

    // when
    String answer =
        compose(
            new ExtractiveComposer(2, NO_MARGIN, 0),
            "How do I restore a backup of the catalogue?",
            sources);

    // then
    assertThat(answer)
        .isEqualTo("Restores are rare and take about ten minutes [1].")
        .doesNotContain("following");
  }

  @Test
  void should_answer_with_the_next_best_sentence_when_the_best_is_a_lead_in_into_nothing() {
    // given: the best match leads into a command block, which is never quoted; the sentence
    // that answers ranks far below it
    List<Source> sources =
        List.of(
            new Source(
                "ops#5",
                "operations",
                "Restores take about ten minutes, with the server stopped. "
                    + "To restore a backup of the catalogue, run:\n\n"
                    + "```\npg_restore --clean -d quarry catalogue.dump\n```"));

    // when: the defaults (a margin of 0.02)
    String answer =
        compose(new ExtractiveComposer(), "How do I restore a backup of the catalogue?", sources);

    // then
    assertThat(answer).isEqualTo("Restores take about ten minutes, with the server stopped [1].");
  }

  @Test
  void should_tell_a_command_line_or_json_body_from_prose_about_one() {
    assertThat(
            TextShape.of(
                "wait_for_completion=true\" \\ -H 'Content-Type: application/json' -d"
                    + " '{\"indices\": \"quarry-*\", \"include_global_state\": false}'"))
        .isEqualTo(TextShape.DEBRIS);
    assertThat(TextShape.of("{\"chunkTokens\": 128, \"chunkOverlap\": 0, \"name\": \"Team docs\"}"))
        .isEqualTo(TextShape.DEBRIS);
    assertThat(
            TextShape.of(
                "Another model (`PATCH {\"embeddingModel\":\"all-minilm-l6-v2-q\"}`) is a re-index"
                    + " like a chunk-settings change."))
        .isEqualTo(TextShape.PROSE);
    assertThat(TextShape.of("Set \"quarry.data-dir\" to \"/srv/quarry\" before the first start."))
        .isEqualTo(TextShape.PROSE);
    assertThat(TextShape.of("Run ./quarry ingest --url http://localhost:8080 --kb docs to upload."))
        .isEqualTo(TextShape.PROSE);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiterString = " => ",
      value = {
        "The server keeps its data under ./data by default. => PROSE",
        "|I:504 | |(Microsoft: MS-DOS, Windows) | [1]. => DEBRIS",
        "|---|---|---| => DEBRIS",
        "| 0x1F | 12 | 7 | => DEBRIS",
        "12.4 17.9 33.1 0.002 (n = 41) => DEBRIS",
        "if (x == null) { return y; } else { z = 1; } => DEBRIS",
        "| max upload size | 100 MB | the largest file one upload may carry | => TABLE_ROW",
        "|---|:---:| => DEBRIS",
        "```bash pg_restore --clean -d quarry catalogue.dump => DEBRIS",
        "Backups run nightly. => PROSE"
      })
  void should_tell_prose_from_table_rows_and_debris(String sentence, TextShape shape) {
    assertThat(TextShape.of(sentence)).isEqualTo(shape);
  }
}
