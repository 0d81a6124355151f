package dev.quarry.retriever.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.retriever.InvalidSearchException;
import dev.quarry.retriever.RetrieverException;
import dev.quarry.retriever.SharedEmbedder;
import dev.quarry.retriever.index.Chunk;
import dev.quarry.retriever.index.IndexSettings;
import dev.quarry.retriever.index.KnowledgeIndex;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HybridRetrieverTest {

  @TempDir static Path dir;
  private static KnowledgeIndex index;
  private static HybridRetriever retriever;

  @BeforeAll
  static void indexFixture() {
    index = KnowledgeIndex.open(dir, IndexSettings.defaults(), SharedEmbedder.get());
    index.replace(
        "pets",
        1,
        List.of(
            chunk(0, "Pets", "The feline slept all afternoon on the living-room rug.", "en", "md"),
            chunk(1, "Pets", "Dogs need a walk twice a day and fresh water.", "en", "md")));
    index.replace(
        "manual",
        1,
        List.of(
            chunk(0, "Manual", "Error code QX-7781 means the backup disk is full.", "en", "pdf"),
            chunk(1, "Manual", "Replace the printer toner when the light blinks.", "en", "pdf"),
            chunk(2, "Manual", "Animals must stay out of the server room.", "en", "pdf")));
    index.replace(
        "recipes",
        1,
        List.of(
            chunk(0, "Recettes", "Le chat dort sur le tapis du salon.", "fr", "html"),
            chunk(1, "Recipes", "Bake the bread for forty minutes at 220 degrees.", "en", "html"),
            chunk(2, "Recipes", "Bake the bread for forty minutes at 220 °C.", "en", "html"),
            chunk(3, "Recipes", "Bake bread forty minutes, oven at 220 degrees.", "en", "html"),
            chunk(
                4,
                "Recipes",
                "Let the dough rise overnight before shaping the loaf.",
                "en",
                "html")));
    retriever = new HybridRetriever(index);
  }

  @AfterAll
  static void close() {
    index.close();
  }

  private static Chunk chunk(int ordinal, String title, String text, String lang, String type) {
    return new Chunk(
        ordinal,
        title,
        List.of(title),
        text,
        0,
        text.length(),
        null,
        Map.of("lang", lang, "type", type));
  }

  @Test
  void should_find_passage_by_meaning_when_no_word_matches() {
    // when
    SearchResult result = retriever.search(SearchRequest.of("cat sleeping on a carpet", 3));

    // then the dense leg brings the paraphrase to the top
    Passage top = result.passages().get(0);
    assertThat(top.text()).contains("feline");
    assertThat(top.dense()).isNotNull();
    assertThat(top.dense().rank()).isEqualTo(1);
  }

  @Test
  void should_find_passage_by_rare_term_when_meaning_does_not_help() {
    SearchResult result = retriever.search(SearchRequest.of("QX-7781", 3));

    Passage top = result.passages().get(0);
    assertThat(top.text()).contains("QX-7781");
    assertThat(top.bm25()).isNotNull();
    assertThat(top.bm25().rank()).isEqualTo(1);
  }

  @Test
  void should_report_both_legs_and_citation_fields_when_passage_matches_both() {
    Passage top = retriever.search(SearchRequest.of("backup disk full error", 1)).passages().get(0);

    assertThat(top.id()).isEqualTo("manual:1:0");
    assertThat(top.documentId()).isEqualTo("manual");
    assertThat(top.headingPath()).containsExactly("Manual");
    assertThat(top.start()).isZero();
    assertThat(top.end()).isEqualTo(top.text().length());
    assertThat(top.metadata()).containsEntry("type", "pdf");
    assertThat(top.bm25().score()).isPositive();
    assertThat(top.dense().score()).isBetween(0f, 1f);
  }

  @Test
  void should_apply_filters_to_both_legs_when_best_matches_are_excluded() {
    // given the best matches for "cat" live in md and html documents
    SearchRequest request =
        SearchRequest.of("cat sleeping on a rug", 2).withFilters(Map.of("type", List.of("pdf")));

    for (SearchMode mode : SearchMode.values()) {
      // when
      List<Passage> passages = retriever.search(request.withMode(mode)).passages();

      // then only pdf chunks come back, and the dense leg still fills k (pre-filtering)
      assertThat(passages).allSatisfy(p -> assertThat(p.metadata()).containsEntry("type", "pdf"));
      if (mode != SearchMode.BM25) {
        assertThat(passages).hasSize(2);
      }
    }
  }

  @Test
  void should_filter_by_document_id_and_accept_any_listed_value() {
    SearchRequest request =
        SearchRequest.of("bread", 10).withFilters(Map.of("documentId", List.of("pets", "manual")));

    List<Passage> passages = retriever.search(request).passages();

    assertThat(passages).isNotEmpty();
    assertThat(passages).extracting(Passage::documentId).containsOnly("pets", "manual");
  }

  @Test
  void should_name_known_fields_when_filter_field_is_unknown() {
    SearchRequest request =
        SearchRequest.of("bread", 3).withFilters(Map.of("colour", List.of("red")));

    assertThatThrownBy(() -> retriever.search(request))
        .isInstanceOf(InvalidSearchException.class)
        .matches(e -> !((RetrieverException) e).retryable(), "not retryable")
        .hasMessageContaining("colour")
        .hasMessageContaining("documentId")
        .hasMessageContaining("lang")
        .hasMessageContaining("type");
  }

  @Test
  void should_refuse_blank_query() {
    assertThatThrownBy(() -> retriever.search(SearchRequest.of("   ", 3)))
        .isInstanceOf(InvalidSearchException.class)
        .hasMessageContaining("empty");
  }

  @Test
  void should_say_so_when_query_exceeds_model_window() {
    // given a query of about 900 tokens that ends with the question itself
    String query =
        "please read carefully ".repeat(300) + "where is the backup disk error explained";

    // when
    SearchResult result = retriever.search(SearchRequest.of(query, 3));

    // then
    assertThat(result.queryTruncated()).isTrue();
    assertThat(result.queryTokens()).isEqualTo(512);
    assertThat(result.passages()).isNotEmpty();
  }

  @Test
  void should_not_say_truncated_when_query_fits() {
    SearchResult result = retriever.search(SearchRequest.of("bread", 3));

    assertThat(result.queryTruncated()).isFalse();
  }

  @Test
  void should_still_answer_with_dense_leg_when_query_is_only_stop_words() {
    SearchResult result = retriever.search(SearchRequest.of("the and of", 3));

    assertThat(result.passages()).isNotEmpty();
    assertThat(result.passages()).allSatisfy(p -> assertThat(p.bm25()).isNull());
  }

  @Test
  void should_drop_near_duplicates_when_diversifying() {
    // given three near-identical bread chunks, and a different passage that also matches the
    // question (the loaf), though less well
    SearchRequest request = SearchRequest.of("how long to bake a loaf of bread", 3);

    // when
    List<Passage> plain = retriever.search(request).passages();
    List<Passage> diverse = retriever.search(request.withDiversify(true)).passages();

    // then without MMR the duplicates fill the top; with it the loaf passage gets in
    assertThat(plain).allSatisfy(p -> assertThat(p.text()).contains("220"));
    assertThat(diverse.get(0).text()).contains("220");
    assertThat(diverse).anySatisfy(p -> assertThat(p.text()).contains("loaf"));
  }

  @Test
  void should_fuse_with_rrf_when_configured() {
    HybridRetriever rrf = new HybridRetriever(index, RetrievalSettings.rrf());

    Passage top = rrf.search(SearchRequest.of("QX-7781 backup disk", 3)).passages().get(0);

    assertThat(top.text()).contains("QX-7781");
    assertThat(top.score()).isLessThan(1f / 30);
  }
}
