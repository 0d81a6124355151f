package dev.quarry.retriever.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.retriever.SharedEmbedder;
import org.junit.jupiter.api.Test;

class EmbeddingModelsTest {

  @Test
  void should_load_a_model_once_and_share_it() {
    EmbeddingModels models = SharedEmbedder.models();

    Embedder first = models.get("all-minilm-l6-v2-q");

    assertThat(models.get("all-minilm-l6-v2-q")).isSameAs(first);
    assertThat(models.getDefault()).isSameAs(SharedEmbedder.get());
    assertThat(first.info().name()).isEqualTo("all-minilm-l6-v2-q");
  }

  @Test
  void should_know_every_model_without_loading_it() {
    try (EmbeddingModels models = EmbeddingModels.bundled(EmbedderSettings.defaults())) {
      assertThat(models.names()).containsExactly("bge-small-en-v1.5-q", "all-minilm-l6-v2-q");
      assertThat(models.info("all-minilm-l6-v2-q").orElseThrow().maxTokens()).isEqualTo(256);
      assertThat(models.knows("bge-small-en-v1.5-q")).isTrue();
    }
  }

  @Test
  void should_refuse_an_unknown_model_naming_the_known_ones() {
    assertThatThrownBy(() -> SharedEmbedder.models().get("gpt-9"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("gpt-9")
        .hasMessageContaining("bge-small-en-v1.5-q, all-minilm-l6-v2-q");
    assertThatThrownBy(
            () -> EmbeddingModels.bundled("gpt-9", EmbedderSettings.defaults()).getDefault())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void should_hold_only_the_given_embedder_when_made_of_one() {
    EmbeddingModels one = EmbeddingModels.of(SharedEmbedder.get());

    assertThat(one.names()).containsExactly("bge-small-en-v1.5-q");
    assertThat(one.knows("all-minilm-l6-v2-q")).isFalse();
    one.close(); // leaves the caller's embedder open
    assertThat(SharedEmbedder.get().embedQuery("still open").vector()).hasSize(384);
  }
}
