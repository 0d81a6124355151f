package dev.quarry.retriever.opensearch;

import dev.quarry.retriever.IndexNotFoundException;
import dev.quarry.retriever.IndexUnavailableException;
import dev.quarry.retriever.RetrieverException;
import java.io.IOException;
import org.opensearch.client.opensearch._types.OpenSearchException;

/**
 * Failures of calls to OpenSearch, typed by cause like the embedded index's: a missing index is
 * {@link IndexNotFoundException}; an unreachable cluster, a timeout, a red or overloaded cluster
 * and any other server-side failure are {@link IndexUnavailableException}, which callers retry.
 */
final class OpenSearchFailures {

  private OpenSearchFailures() {}

  /** A call that talks to the cluster. */
  @FunctionalInterface
  interface Call<T> {
    T run() throws IOException;
  }

  static <T> T call(String what, String where, Call<T> call) {
    try {
      return call.run();
    } catch (OpenSearchException e) {
      throw typed(what, where, e);
    } catch (IOException | RuntimeException e) {
      if (e instanceof RetrieverException r) {
        throw r;
      }
      throw new IndexUnavailableException(
          what + " on OpenSearch at " + where + " failed: " + e.getMessage(), null, e);
    }
  }

  static RetrieverException typed(String what, String where, OpenSearchException e) {
    String type = e.error() == null ? null : e.error().type();
    if (e.status() == 404 && "index_not_found_exception".equals(type)) {
      return new IndexNotFoundException(
          "No index at "
              + where
              + " ("
              + e.getMessage()
              + "); it was deleted outside Quarry."
              + " Re-index the knowledge base.",
          null,
          e);
    }
    return new IndexUnavailableException(
        what + " on OpenSearch at " + where + " failed (" + e.status() + "): " + e.getMessage(),
        null,
        e);
  }
}
