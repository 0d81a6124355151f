package dev.quarry.retriever.opensearch;

import dev.quarry.retriever.IndexUnavailableException;
import dev.quarry.retriever.RetrieverException;
import java.io.IOException;
import org.opensearch.client.opensearch._types.OpenSearchException;

/**
 * Failures of calls to OpenSearch, typed by cause like the embedded index's: an unreachable
 * cluster, a timeout, a red or overloaded cluster, an index missing on the cluster and any other
 * server-side failure are {@link IndexUnavailableException}, which callers retry (the server
 * answers 503 with Retry-After; ingestion jobs back off).
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
      return missingIndex(where, e);
    }
    return new IndexUnavailableException(
        what + " on OpenSearch at " + where + " failed (" + e.status() + "): " + e.getMessage(),
        null,
        e);
  }

  /**
   * The knowledge base exists (Quarry opened its index), so its index was deleted outside Quarry or
   * is being restored: unavailable, not unknown; reopening it creates it again.
   */
  static IndexUnavailableException missingIndex(String where, Throwable cause) {
    return new IndexUnavailableException(
        "The index "
            + where
            + " is missing on the cluster (deleted outside Quarry, or a snapshot is being"
            + " restored); restore it, or re-index the knowledge base",
        null,
        cause);
  }
}
