package dev.quarry.retriever.search;

/** Finds the passages of one knowledge base that best answer a query. Thread-safe. */
public interface Retriever {

  /**
   * Runs one search over the latest committed state of the knowledge base.
   *
   * @return at most {@code request.k()} passages, best first; empty only when nothing matches
   * @throws IllegalArgumentException if the query is blank
   * @throws dev.quarry.retriever.InvalidSearchException if a filter names a field the knowledge
   *     base does not have, or the index cannot be read
   */
  SearchResult search(SearchRequest request);
}
