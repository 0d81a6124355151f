package dev.quarry.retriever.embed;

/**
 * How {@link OnnxBertEmbedder} spends the machine's cores.
 *
 * <p>The defaults come from docs/benchmarks.md: on 2 cores, one single-threaded ONNX session
 * call per core over short, length-sorted batches beat both one call with two intra-op threads
 * and LangChain4j's one-text-per-call {@code embedAll}.
 *
 * @param workers batches embedded at the same time (one thread each)
 * @param intraOpThreads ONNX Runtime threads inside one call
 * @param tokensPerBatch padded tokens per ONNX call (batch size = this / longest text)
 */
public record EmbedderSettings(int workers, int intraOpThreads, int tokensPerBatch) {

  /** Padded tokens per call; small batches of similar length waste little on padding. */
  public static final int DEFAULT_TOKENS_PER_BATCH = 512;

  public EmbedderSettings {
    if (workers < 1 || intraOpThreads < 1 || tokensPerBatch < 1) {
      throw new IllegalArgumentException(
          "workers, intraOpThreads and tokensPerBatch must be >= 1, got "
              + workers
              + ", "
              + intraOpThreads
              + ", "
              + tokensPerBatch);
    }
  }

  /** One worker per available core, one ONNX thread each. */
  public static EmbedderSettings defaults() {
    return new EmbedderSettings(
        Runtime.getRuntime().availableProcessors(), 1, DEFAULT_TOKENS_PER_BATCH);
  }
}
