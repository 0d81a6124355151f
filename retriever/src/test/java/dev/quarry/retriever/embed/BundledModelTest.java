package dev.quarry.retriever.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.quarry.retriever.SharedEmbedder;
import java.util.List;
import org.junit.jupiter.api.Test;

class BundledModelTest {

  private final Embedder miniLm = SharedEmbedder.models().get("all-minilm-l6-v2-q");

  @Test
  void should_name_every_bundled_model_with_bge_first() {
    assertThat(BundledModel.names()).containsExactly("bge-small-en-v1.5-q", "all-minilm-l6-v2-q");
    assertThat(BundledModel.DEFAULT.modelName()).isEqualTo("bge-small-en-v1.5-q");
    assertThat(BundledModel.named("all-minilm-l6-v2-q")).contains(BundledModel.ALL_MINILM_L6_V2_Q);
    assertThat(BundledModel.named("gpt-9")).isEmpty();
  }

  @Test
  void should_match_langchain4j_reference_when_embedding_with_all_minilm() {
    // given LangChain4j's own encoder for the same model file (mean pooling, normalised)
    AllMiniLmL6V2QuantizedEmbeddingModel reference = new AllMiniLmL6V2QuantizedEmbeddingModel();
    String text = "Vitamin D increases calcium absorption and supports bone density.";

    // when
    float[] ours = miniLm.embedPassages(List.of(text)).get(0);
    float[] theirs = reference.embed(text).content().vector();

    // then
    assertThat(dot(ours, theirs)).isCloseTo(1.0, within(1e-4));
    assertThat(dot(ours, ours)).isCloseTo(1.0, within(1e-5));
  }

  @Test
  void should_embed_a_query_like_a_passage_when_the_model_has_no_instruction() {
    String text = "bone density";

    float[] query = miniLm.embedQuery(text).vector();
    float[] passage = miniLm.embedPassages(List.of(text)).get(0);

    assertThat(dot(query, passage)).isCloseTo(1.0, within(1e-5));
  }

  @Test
  void should_count_and_cut_at_the_window_of_its_model_card_not_at_the_tokenizer_file_default() {
    // the jar's tokenizer.json pads and truncates to 128; the model card's window is 256
    assertThat(miniLm.countTokens("hello world")).isEqualTo(2);
    assertThat(miniLm.countTokens("word ".repeat(200))).isEqualTo(200);
    assertThat(miniLm.maxContentTokens()).isEqualTo(254);

    QueryEmbedding longQuery = miniLm.embedQuery("word ".repeat(300));

    assertThat(longQuery.tokens()).isEqualTo(256);
    assertThat(longQuery.truncated()).isTrue();
  }

  @Test
  void should_give_another_vector_than_bge_for_the_same_text() {
    String text = "Vitamin D increases calcium absorption.";

    float[] bge = SharedEmbedder.get().embedPassages(List.of(text)).get(0);
    float[] mini = miniLm.embedPassages(List.of(text)).get(0);

    assertThat(miniLm.info().dimension()).isEqualTo(bge.length);
    assertThat(dot(bge, mini)).isLessThan(0.5); // two unrelated vector spaces
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
