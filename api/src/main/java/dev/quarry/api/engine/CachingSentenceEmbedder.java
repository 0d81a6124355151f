package dev.quarry.api.engine;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.quarry.generator.grounding.SentenceEmbedder;
import dev.quarry.retriever.embed.Embedder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sentence embeddings for answers, remembered: the extractive composer and the grounding check
 * embed the same passage sentences for one question, and popular passages come back for many
 * questions. A bounded Caffeine cache (16,384 sentences, about 25 MB) keeps each one from being
 * embedded twice; the sentences it lacks are embedded in one batch. Thread-safe.
 */
public final class CachingSentenceEmbedder implements SentenceEmbedder {

  /** At most this many sentence vectors are kept (384 floats each, about 25 MB in all). */
  static final int CAPACITY = 16_384;

  private final Embedder embedder;
  private final Cache<String, float[]> cache = Caffeine.newBuilder().maximumSize(CAPACITY).build();

  public CachingSentenceEmbedder(Embedder embedder) {
    this.embedder = embedder;
  }

  @Override
  public float[][] embed(List<String> texts) {
    Map<String, float[]> vectors = cache.getAll(texts, this::embedAll);
    float[][] result = new float[texts.size()][];
    for (int i = 0; i < texts.size(); i++) {
      result[i] = vectors.get(texts.get(i));
    }
    return result;
  }

  /** The retriever's query embedding, with the model's query instruction; not cached. */
  @Override
  public float[] embedQuery(String question) {
    return embedder.embedQuery(question).vector();
  }

  private Map<String, float[]> embedAll(Set<? extends String> missing) {
    List<String> texts = new ArrayList<>(missing);
    List<float[]> computed = embedder.embedPassages(texts);
    Map<String, float[]> vectors = new HashMap<>();
    for (int i = 0; i < texts.size(); i++) {
      vectors.put(texts.get(i), computed.get(i));
    }
    return vectors;
  }
}
