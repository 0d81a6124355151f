package dev.quarry.api.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.api.testing.TempDataDir;
import dev.quarry.retriever.embed.Embedder;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * On the application's own embedding model (a Quarkus test: the native tokenizer can be loaded by
 * one class loader only, and the application's is the one the other tests use).
 */
@QuarkusTest
@WithTestResource(TempDataDir.class)
class CachingSentenceEmbedderTest {

  @Inject Embedder model;

  @Test
  void should_return_the_model_vectors_and_embed_each_sentence_once() {
    // given
    CachingSentenceEmbedder cached = new CachingSentenceEmbedder(model);
    List<String> sentences = List.of("Blobs are fsynced.", "Indexes are Lucene directories.");

    // when
    float[][] first = cached.embed(sentences);
    float[][] again = cached.embed(List.of("Indexes are Lucene directories.", "New one."));

    // then: the model's numbers, and the repeated sentence is the remembered vector
    assertThat(first[0]).containsExactly(model.embedPassages(List.of(sentences.get(0))).get(0));
    assertThat(again[0]).isSameAs(first[1]);
    assertThat(again[1]).hasSize(384);
  }

  @Test
  void should_embed_a_sentence_once_when_it_repeats_within_one_call() {
    // given
    CachingSentenceEmbedder cached = new CachingSentenceEmbedder(model);

    // when
    float[][] vectors = cached.embed(List.of("Jobs are claimed.", "Other.", "Jobs are claimed."));

    // then: one vector for both places, and the one the model gives
    assertThat(vectors).hasNumberOfRows(3);
    assertThat(vectors[2]).isSameAs(vectors[0]);
    assertThat(vectors[0])
        .containsExactly(model.embedPassages(List.of("Jobs are claimed.")).get(0));
  }
}
