package dev.quarry.retriever;

import dev.quarry.retriever.embed.OnnxBertEmbedder;

/**
 * The real bge-small-en-v1.5 model, loaded once for the whole test run (loading takes about a
 * second; the session is thread-safe and tests never close it).
 */
public final class SharedEmbedder {

  private static OnnxBertEmbedder instance;

  private SharedEmbedder() {}

  public static synchronized OnnxBertEmbedder get() {
    if (instance == null) {
      instance = OnnxBertEmbedder.bgeSmallEnV15();
    }
    return instance;
  }
}
