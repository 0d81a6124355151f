package dev.quarry.retriever.index;

import java.util.Objects;

/**
 * Per-knowledge-base index settings. Both are fixed when the index is created and recorded in it;
 * opening the index with other settings is refused with a message that says to re-index.
 *
 * @param analyzer name of the BM25 analyser, see {@link TextAnalysis}
 * @param vectorFormat how the HNSW graph stores vectors
 */
public record IndexSettings(String analyzer, VectorFormat vectorFormat) {

  /** Chosen from docs/benchmarks.md: int8 matched float32 quality at a quarter of the size. */
  public static final VectorFormat DEFAULT_VECTOR_FORMAT = VectorFormat.INT8;

  public IndexSettings {
    Objects.requireNonNull(vectorFormat, "vectorFormat");
    TextAnalysis.analyzer(Objects.requireNonNull(analyzer, "analyzer")).close();
  }

  public static IndexSettings defaults() {
    return new IndexSettings(TextAnalysis.DEFAULT, DEFAULT_VECTOR_FORMAT);
  }

  public IndexSettings withVectorFormat(VectorFormat format) {
    return new IndexSettings(analyzer, format);
  }
}
