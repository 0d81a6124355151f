package dev.quarry.retriever;

import dev.quarry.retriever.embed.EmbedderSettings;
import dev.quarry.retriever.embed.EmbeddingModels;
import dev.quarry.retriever.embed.OnnxBertEmbedder;

/**
 * The real bundled models (bge-small-en-v1.5 the default), each loaded once for the whole test run
 * (loading takes about a second; sessions are thread-safe and tests never close them).
 */
public final class SharedEmbedder {

  private static final EmbeddingModels MODELS =
      EmbeddingModels.bundled(EmbedderSettings.defaults());

  private SharedEmbedder() {}

  /** bge-small-en-v1.5. */
  public static OnnxBertEmbedder get() {
    return (OnnxBertEmbedder) MODELS.getDefault();
  }

  /** Every bundled model, loaded on first use and shared. */
  public static EmbeddingModels models() {
    return MODELS;
  }
}
