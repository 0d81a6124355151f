package dev.quarry.retriever.index;

import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;

/**
 * How vectors are stored in the HNSW graph. The default is chosen from the figures in
 * docs/benchmarks.md (quality, speed and size on SciFact and on one million vectors).
 */
public enum VectorFormat {
  /** 4 bytes per dimension; exact scores. */
  FLOAT32,
  /** 1 byte per dimension (scalar quantization, float32 kept on disk for re-scoring merges). */
  INT8;

  /** HNSW neighbours per node (Lucene's default). */
  public static final int MAX_CONNECTIONS = 16;

  /** Candidates kept while building the graph (Lucene's default). */
  public static final int BEAM_WIDTH = 100;

  KnnVectorsFormat luceneFormat() {
    return switch (this) {
      case FLOAT32 -> new Lucene99HnswVectorsFormat(MAX_CONNECTIONS, BEAM_WIDTH);
      case INT8 -> new Lucene99HnswScalarQuantizedVectorsFormat(MAX_CONNECTIONS, BEAM_WIDTH);
    };
  }
}
