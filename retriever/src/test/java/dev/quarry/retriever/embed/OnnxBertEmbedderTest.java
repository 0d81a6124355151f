package dev.quarry.retriever.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import dev.quarry.retriever.SharedEmbedder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OnnxBertEmbedderTest {

  private final OnnxBertEmbedder embedder = SharedEmbedder.get();

  @Test
  void should_match_langchain4j_reference_when_embedding_a_passage() {
    // given LangChain4j's own encoder for the same model file
    BgeSmallEnV15QuantizedEmbeddingModel reference = new BgeSmallEnV15QuantizedEmbeddingModel();
    String text = "Vitamin D increases calcium absorption and supports bone density.";

    // when
    float[] ours = embedder.embedPassages(List.of(text)).get(0);
    float[] theirs = reference.embed(text).content().vector();

    // then
    assertThat(dot(ours, theirs)).isCloseTo(1.0, within(1e-4));
  }

  @Test
  void should_give_each_text_its_own_vector_when_batching_texts_of_mixed_length() {
    // given texts of very different lengths, seeded
    Random random = new Random(42);
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      texts.add(("word" + random.nextInt(1000) + " ").repeat(1 + random.nextInt(120)));
    }

    // when
    List<float[]> batched = embedder.embedPassages(texts);

    // then every vector equals the one computed alone, in input order
    for (int i = 0; i < texts.size(); i += 7) {
      float[] alone = embedder.embedPassages(List.of(texts.get(i))).get(0);
      assertThat(dot(batched.get(i), alone)).as("text %d", i).isCloseTo(1.0, within(1e-4));
    }
    assertThat(batched).allSatisfy(v -> assertThat(norm(v)).isCloseTo(1.0, within(1e-5)));
  }

  @Test
  void should_stay_close_to_single_text_vectors_when_batching_several_texts_per_call() {
    // given padded batches of up to 8 texts (dynamic int8 quantization shares scales per call)
    List<String> texts =
        List.of("short text", "a somewhat longer text about bones", "vitamin d", "bread");
    try (OnnxBertEmbedder batched = OnnxBertEmbedder.bgeSmallEnV15(new EmbedderSettings(1, 1, 8))) {
      // when
      List<float[]> vectors = batched.embedPassages(texts);

      // then vectors stay close to, but not exactly at, the one-text-per-call result
      for (int i = 0; i < texts.size(); i++) {
        float[] alone = embedder.embedPassages(List.of(texts.get(i))).get(0);
        assertThat(dot(vectors.get(i), alone)).isGreaterThan(0.99);
      }
    }
  }

  @Test
  void should_prefix_query_instruction_when_embedding_a_query() {
    String text = "bone density";

    float[] query = embedder.embedQuery(text).vector();
    float[] passage = embedder.embedPassages(List.of(text)).get(0);

    assertThat(dot(query, passage)).isLessThan(0.99);
  }

  @Test
  void should_count_tokens_without_special_tokens() {
    assertThat(embedder.countTokens("hello world")).isEqualTo(2);
    assertThat(embedder.maxContentTokens()).isEqualTo(510);
    assertThat(embedder.info().dimension()).isEqualTo(384);
  }

  @Test
  void should_refuse_blank_text() {
    assertThatThrownBy(() -> embedder.embedPassages(List.of("ok", " ")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("passage 1");
    assertThatThrownBy(() -> embedder.embedQuery("")).isInstanceOf(IllegalArgumentException.class);
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static double norm(float[] v) {
    return Math.sqrt(dot(v, v));
  }
}
