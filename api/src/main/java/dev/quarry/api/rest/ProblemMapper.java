package dev.quarry.api.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.quarry.api.ApiException;
import dev.quarry.api.catalogue.KnowledgeBase;
import dev.quarry.generator.GeneratorException;
import dev.quarry.retriever.InvalidSearchException;
import dev.quarry.retriever.RetrieverException;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Optional;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error becomes an RFC 7807 problem; unexpected ones are logged with an id to quote. */
public class ProblemMapper {

  @ServerExceptionMapper
  public Response api(ApiException e) {
    return response(Problems.of(e));
  }

  /** No key, or a key no one holds (Quarkus Security): 401 with {@code WWW-Authenticate}. */
  @ServerExceptionMapper
  public Response unknownKey(AuthenticationFailedException e) {
    return challenge(response(Problems.of(e)));
  }

  @ServerExceptionMapper
  public Response noKey(UnauthorizedException e) {
    return challenge(response(Problems.of(e)));
  }

  /** A role annotation ({@code @RolesAllowed}) refused the key: 403. */
  @ServerExceptionMapper
  public Response refused(ForbiddenException e) {
    return response(Problems.of(e));
  }

  private static Response challenge(Response unauthorized) {
    return Response.fromResponse(unauthorized).header("WWW-Authenticate", "Bearer").build();
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
   * By type ({@link Problems}); a knowledge base deleted while the request ran is a 404 whatever
   * its index said on the way out.
   */
  @ServerExceptionMapper
  public Response index(RetrieverException e, UriInfo uri) {
    if (e instanceof InvalidSearchException) {
      return response(Problems.of(e));
    }
    return deletedMeanwhile(uri).orElseGet(() -> response(Problems.of(e)));
  }

  /** By type ({@link GeneratorProblems}): 503 with Retry-After, 502 or 500. */
  @ServerExceptionMapper
  public Response generator(GeneratorException e) {
    return response(Problems.of(e));
  }

  @ServerExceptionMapper
  public Response unexpected(Exception e, UriInfo uri) {
    if (ClientDisconnect.is(e)) {
      Log.debugf("The client closed the connection before the exchange was over: %s", e);
      return Problem.of(400, "The connection was closed before the request was complete.")
          .response();
    }
    return deletedMeanwhile(uri).orElseGet(() -> response(Problems.of(e)));
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

  private static Response response(Problems.Mapped mapped) {
    Response response = mapped.problem().response();
    return mapped.retryAfter()
        ? Response.fromResponse(response)
            .header("Retry-After", Problems.RETRY_AFTER_SECONDS)
            .build()
        : response;
  }
}
