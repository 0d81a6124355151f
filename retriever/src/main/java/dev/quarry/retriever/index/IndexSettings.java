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

  /**
   * Chosen from docs/benchmarks.md: on SciFact int8 (with float re-scoring) matched float32's
   * quality but its index was larger (Lucene keeps the float vectors beside the int8 copy), and
   * float32 needs no re-scoring. Int8 pays off for large knowledge bases, where the graph search
   * reads a quarter of the bytes; choose it per knowledge base.
   */
  public static final VectorFormat DEFAULT_VECTOR_FORMAT = VectorFormat.FLOAT32;

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
