package dev.quarry.api.rest;

import dev.quarry.generator.GeneratorException;
import io.vertx.core.http.HttpClosedException;
import java.nio.channels.ClosedChannelException;

/**
 * Recognises a failure that only means the client went away (closed or reset its connection before
 * the exchange was over): nothing the server can fix, so it is logged at DEBUG, never as an ERROR
 * with a stack trace. Decided by type along the cause chain, which stops at a {@link
 * GeneratorException}: a closed connection under it is the model server's, not the client's.
 */
public final class ClientDisconnect {

  private ClientDisconnect() {}

  /** Whether {@code failure}, or one of its causes, is a closed or reset client connection. */
  public static boolean is(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof GeneratorException) {
        return false;
      }
      if (t instanceof HttpClosedException || t instanceof ClosedChannelException) {
        return true;
      }
    }
    return false;
  }
}
