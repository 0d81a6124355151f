package dev.quarry.retriever.embed;

/**
 * How {@link OnnxBertEmbedder} spends the machine's cores.
 *
 * <p>The defaults come from docs/benchmarks.md. bge-small-en-v1.5-q is dynamically quantized: ONNX
 * Runtime computes the int8 scale of each matrix product over the whole input tensor, so texts that
 * share a padded batch change each other's vectors (cosine 0.996 instead of 1 was measured). One
 * text per call, one single-threaded call per core, gives exact vectors and on 2 cores was also the
 * fastest arrangement measured — faster than LangChain4j's {@code embedAll}.
 *
 * @param workers texts (or batches) embedded at the same time, one thread each
 * @param intraOpThreads ONNX Runtime threads inside one call
 * @param batchSize texts per ONNX call; above 1, texts of similar length are padded together (worth
 *     it for float models on wide machines, not for the bundled int8 model)
 */
public record EmbedderSettings(int workers, int intraOpThreads, int batchSize) {

  public static final int DEFAULT_BATCH_SIZE = 1;

  public EmbedderSettings {
    if (workers < 1 || intraOpThreads < 1 || batchSize < 1) {
      throw new IllegalArgumentException(
          "workers, intraOpThreads and batchSize must be >= 1, got "
              + workers
              + ", "
              + intraOpThreads
              + ", "
              + batchSize);
    }
  }

  /** One worker per available core, one ONNX thread each, one text per call. */
  public static EmbedderSettings defaults() {
    return new EmbedderSettings(Runtime.getRuntime().availableProcessors(), 1, DEFAULT_BATCH_SIZE);
  }
}
