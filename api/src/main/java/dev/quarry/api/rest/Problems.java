package dev.quarry.api.rest;

import dev.quarry.api.ApiException;
import dev.quarry.api.security.Authenticator;
import dev.quarry.generator.GeneratorException;
import dev.quarry.retriever.IndexMismatchException;
import dev.quarry.retriever.IndexNotFoundException;
import dev.quarry.retriever.InvalidSearchException;
import dev.quarry.retriever.RetrieverException;
import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import java.util.UUID;

/**
 * The one place where a failure's type becomes a problem's status, for a plain response ({@link
 * ProblemMapper}) and for an error event in a stream that has already started alike. Nothing here
 * reads a message to decide:
 *
 * <ul>
 *   <li>{@link ApiException}: the status of its subclass (400, 401, 403, 404, 409, 410, 413, 415);
 *   <li>Quarkus Security's {@link AuthenticationFailedException} (a key no one holds) and {@link
 *       UnauthorizedException} (no key): 401; its {@link ForbiddenException} (a role annotation
 *       refused the key): 403;
 *   <li>{@link InvalidSearchException}: 400, the caller's search is wrong;
 *   <li>{@link IndexNotFoundException}: 404;
 *   <li>{@link IndexMismatchException}: 409, only a re-index resolves it;
 *   <li>any other {@link RetrieverException}: 503, with Retry-After when it is {@link
 *       RetrieverException#retryable() retryable} (the index or the embedding model unavailable);
 *   <li>{@link GeneratorException}: by {@link GeneratorProblems} (503 with Retry-After, 502, 500);
 *   <li>anything else: 500, logged under an id the problem quotes.
 * </ul>
 */
final class Problems {

  /** What a 503 for an unavailable index or model asks the client to wait, in seconds. */
  static final String RETRY_AFTER_SECONDS = "5";

  /**
   * @param problem what the caller reads
   * @param retryAfter whether the same request may succeed shortly (a Retry-After header)
   */
  record Mapped(Problem problem, boolean retryAfter) {}

  private Problems() {}

  static Mapped of(Throwable e) {
    if (e instanceof ApiException a) {
      return new Mapped(Problem.of(a.status(), a.getMessage()), false);
    }
    if (e instanceof AuthenticationFailedException) {
      return new Mapped(Problem.of(401, Authenticator.UNKNOWN_KEY), false);
    }
    if (e instanceof UnauthorizedException) {
      return new Mapped(Problem.of(401, Authenticator.NO_KEY), false);
    }
    if (e instanceof ForbiddenException) {
      return new Mapped(Problem.of(403, "Only the server's admin key may make this call."), false);
    }
    if (e instanceof InvalidSearchException) {
      return new Mapped(Problem.of(400, e.getMessage()), false);
    }
    if (e instanceof IndexNotFoundException) {
      return new Mapped(Problem.of(404, "No such knowledge base index."), false);
    }
    if (e instanceof IndexMismatchException) {
      return new Mapped(
          logged(
              409,
              "The knowledge base's index was built with another model or settings; re-index it",
              e),
          false);
    }
    if (e instanceof RetrieverException r) {
      return new Mapped(
          logged(503, "The knowledge base's index could not be used", r), r.retryable());
    }
    if (e instanceof GeneratorException g) {
      return new Mapped(GeneratorProblems.of(g), g.retryable());
    }
    return new Mapped(logged(500, "Something went wrong on the server", e), false);
  }

  /** Logs the trace under a fresh id and tells the caller only the id to quote. */
  static Problem logged(int status, String what, Throwable e) {
    String id = UUID.randomUUID().toString();
    Log.errorf(e, "%s (error id %s)", what, id);
    return Problem.of(status, what + "; the server log has the details under " + id + ".");
  }
}
