package dev.quarry.retriever.embed;

/**
 * How a BERT encoder's token vectors, {@code (length, dimension)}, become one text vector; the
 * model card of each model says which one it was trained with. The result is L2-normalised either
 * way.
 */
public enum Pooling {
  /** The vector of the first token, {@code [CLS]} (bge). */
  CLS,
  /** The mean of the vectors of every real token, padding left out (sentence-transformers). */
  MEAN
}
