package dev.quarry.api.engine;

import dev.quarry.generator.grounding.SentenceEmbedder;
import dev.quarry.retriever.embed.Embedder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sentence embeddings for answers, remembered: the extractive composer and the grounding check
 * embed the same passage sentences for one question, and popular passages come back for many
 * questions. A bounded least-recently-used cache (16,384 sentences, about 25 MB) keeps each one
 * from being embedded twice. Thread-safe.
 */
public final class CachingSentenceEmbedder implements SentenceEmbedder {

  static final int CAPACITY = 16_384;

  private final Embedder embedder;
  private final Map<String, float[]> cache =
      new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
          return size() > CAPACITY;
        }
      };

  public CachingSentenceEmbedder(Embedder embedder) {
    this.embedder = embedder;
  }

  @Override
  public float[][] embed(List<String> texts) {
    float[][] vectors = new float[texts.size()][];
    List<String> missing = new ArrayList<>();
    List<Integer> where = new ArrayList<>();
    synchronized (cache) {
      for (int i = 0; i < texts.size(); i++) {
        float[] v = cache.get(texts.get(i));
        if (v == null) {
          missing.add(texts.get(i));
          where.add(i);
        } else {
          vectors[i] = v;
        }
      }
    }
    if (!missing.isEmpty()) {
      List<float[]> computed = embedder.embedPassages(missing);
      synchronized (cache) {
        for (int j = 0; j < missing.size(); j++) {
          vectors[where.get(j)] = computed.get(j);
          cache.put(missing.get(j), computed.get(j));
        }
      }
    }
    return vectors;
  }

  /** The retriever's query embedding, with the model's query instruction; not cached. */
  @Override
  public float[] embedQuery(String question) {
    return embedder.embedQuery(question).vector();
  }
}
