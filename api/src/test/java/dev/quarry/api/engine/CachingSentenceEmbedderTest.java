package dev.quarry.api.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.retriever.embed.OnnxBertEmbedder;
import java.util.List;
import org.junit.jupiter.api.Test;

class CachingSentenceEmbedderTest {

  @Test
  void should_return_the_model_vectors_and_embed_each_sentence_once() {
    try (OnnxBertEmbedder model = OnnxBertEmbedder.bgeSmallEnV15()) {
      // given
      CachingSentenceEmbedder cached = new CachingSentenceEmbedder(model);
      List<String> sentences = List.of("Blobs are fsynced.", "Indexes are Lucene directories.");

      // when
      float[][] first = cached.embed(sentences);
      float[][] again = cached.embed(List.of("Indexes are Lucene directories.", "New one."));

      // then: same numbers as the model, and the repeated sentence is the remembered vector
      assertThat(first[0]).containsExactly(model.embedPassages(List.of(sentences.get(0))).get(0));
      assertThat(again[0]).isSameAs(first[1]);
      assertThat(again[1]).hasSize(384);
    }
  }
}
