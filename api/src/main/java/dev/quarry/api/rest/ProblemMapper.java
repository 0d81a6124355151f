package dev.quarry.api.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.quarry.api.ApiException;
import dev.quarry.api.catalogue.KnowledgeBase;
import dev.quarry.generator.GeneratorException;
import dev.quarry.retriever.IndexMismatchException;
import dev.quarry.retriever.IndexNotFoundException;
import dev.quarry.retriever.InvalidSearchException;
import dev.quarry.retriever.RetrieverException;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error becomes an RFC 7807 problem; unexpected ones are logged with an id to quote. */
public class ProblemMapper {

  /** What a 503 for an unavailable index or model asks the client to wait, in seconds. */
  static final String RETRY_AFTER_SECONDS = "5";

  @ServerExceptionMapper
  public Response api(ApiException e) {
    return Problem.of(e.status(), e.getMessage()).response();
  }

  @ServerExceptionMapper
  public Response web(WebApplicationException e, UriInfo uri, Request request) {
    JsonProcessingException unreadable = JsonProblems.cause(e);
    if (unreadable != null) {
      return JsonProblems.of(unreadable).response();
    }
    int status = e.getResponse().getStatus();
    if (status == 404 || status == 405) {
      Set<String> allowed = ApiRoutes.API.on(uri.getPath());
      if (!allowed.isEmpty() && !allowed.contains(request.getMethod())) {
        return notAllowed(uri.getPath(), request.getMethod(), allowed);
      }
      if (status == 404 && e.getCause() != null) {
        // Quarkus REST answers a query parameter it cannot convert with a 404 (as JAX-RS says)
        return Problem.of(
                400,
                "A parameter of this request has the wrong form ("
                    + e.getCause().getMessage()
                    + "); see docs/api.md.")
            .response();
      }
    }
    String detail =
        switch (status) {
          case 404 -> "No such resource: check the URL (the API is described in docs/api.md).";
          case 405 -> "This URL does not accept " + request.getMethod() + ".";
          case 406 -> "The server cannot produce the requested media type.";
          case 413 -> "The request is too large.";
          case 415 ->
              "Unsupported content type for this call (JSON, or multipart for uploads, expected).";
          default -> e.getMessage();
        };
    return Problem.of(status, detail).response();
  }

  @ServerExceptionMapper
  public Response json(JsonProcessingException e) {
    return JsonProblems.of(e).response();
  }

  /** More specific than {@link #json}, so that Quarkus' own mapper (an empty 400) never answers. */
  @ServerExceptionMapper
  public Response mismatched(MismatchedInputException e) {
    return JsonProblems.of(e).response();
  }

  /**
   * By type: a wrong search is the caller's 400; an index built with other settings is a 409 only a
   * re-index resolves; anything else is a 503, with Retry-After when it may pass (the index or the
   * embedding model unavailable), without when it will not (damaged files).
   */
  @ServerExceptionMapper
  public Response index(RetrieverException e, UriInfo uri) {
    if (e instanceof InvalidSearchException) {
      return Problem.of(400, e.getMessage()).response();
    }
    return deletedMeanwhile(uri)
        .orElseGet(
            () -> {
              if (e instanceof IndexNotFoundException) {
                return Problem.of(404, "No such knowledge base index.").response();
              }
              if (e instanceof IndexMismatchException) {
                return logged(
                    409,
                    "The knowledge base's index was built with another model or settings;"
                        + " re-index it",
                    e);
              }
              Response unavailable = logged(503, "The knowledge base's index could not be used", e);
              return e.retryable()
                  ? Response.fromResponse(unavailable)
                      .header("Retry-After", RETRY_AFTER_SECONDS)
                      .build()
                  : unavailable;
            });
  }

  /**
   * By type ({@link GeneratorProblems}): the model server unavailable is a 503 with Retry-After; a
   * request it refuses a 502; anything else a 500.
   */
  @ServerExceptionMapper
  public Response generator(GeneratorException e) {
    Response problem = GeneratorProblems.of(e).response();
    return e.retryable()
        ? Response.fromResponse(problem).header("Retry-After", RETRY_AFTER_SECONDS).build()
        : problem;
  }

  @ServerExceptionMapper
  public Response unexpected(Exception e, UriInfo uri) {
    if (ClientDisconnect.is(e)) {
      Log.debugf("The client closed the connection before the exchange was over: %s", e);
      return Problem.of(400, "The connection was closed before the request was complete.")
          .response();
    }
    return deletedMeanwhile(uri)
        .orElseGet(() -> logged(500, "Something went wrong on the server", e));
  }

  private static Response notAllowed(String path, String method, Set<String> allowed) {
    return Response.fromResponse(
            Problem.of(
                    405,
                    path
                        + " does not accept "
                        + method
                        + "; it takes "
                        + String.join(", ", allowed)
                        + ".")
                .response())
        .allow(allowed)
        .build();
  }

  /**
   * A 404 when the request's knowledge base was deleted while it ran (its index closed under a
   * search): the caller learns what happened instead of getting a server error.
   */
  private static Optional<Response> deletedMeanwhile(UriInfo uri) {
    String kb = uri == null ? null : uri.getPathParameters().getFirst("kb");
    if (kb == null) {
      return Optional.empty();
    }
    try {
      boolean active =
          QuarkusTransaction.requiringNew().call(() -> KnowledgeBase.findActive(kb).isPresent());
      return active
          ? Optional.empty()
          : Optional.of(
              Problem.of(404, "No knowledge base '" + kb + "' (it was deleted).").response());
    } catch (RuntimeException lookupFailed) {
      return Optional.empty();
    }
  }

  /** Logs the trace under a fresh id and tells the caller only the id to quote. */
  private static Response logged(int status, String what, Exception e) {
    String id = UUID.randomUUID().toString();
    Log.errorf(e, "%s (error id %s)", what, id);
    return Problem.of(status, what + "; the server log has the details under " + id + ".")
        .response();
  }
}
