package dev.quarry.retriever.search;

/** Which legs a search runs. Users get {@link #HYBRID}; the others exist for evaluation. */
public enum SearchMode {
  BM25,
  DENSE,
  HYBRID
}
