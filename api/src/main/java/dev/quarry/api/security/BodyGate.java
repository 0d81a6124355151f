package dev.quarry.api.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.api.ApiException;
import dev.quarry.api.QuarryConfig;
import dev.quarry.api.rest.ClientDisconnect;
import dev.quarry.api.rest.Problem;
import io.quarkus.logging.Log;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Lets a request with a body in only once it is fully authorised, and then reads the body without
 * holding a worker thread:
 *
 * <ol>
 *   <li>the request is paused, so no byte of the body is read yet;
 *   <li>its key is checked and, when its path names a knowledge base, the key's role there ({@link
 *       BodyRoute}): a refusal (401, 403, 404) is answered at once and the connection closed, so
 *       nothing is spooled for a caller that may not send it;
 *   <li>an upload takes one of its key's {@link UploadSlots} (429 with Retry-After when none is
 *       free);
 *   <li>the body is read on the event loop by Vert.x's body handler (uploads spooled to disk),
 *       under a {@link BodyWatch}: a body that stalls, or takes longer than its deadline, is cut
 *       off;
 *   <li>only then does Quarkus REST get the request, with the body already read.
 * </ol>
 *
 * Quarkus REST uses the body read here for blocking endpoints (every endpoint of Quarry's is): a
 * non-blocking endpoint that reads a body would see it empty.
 */
@ApplicationScoped
public class BodyGate {

  private static final String API_PATHS = "^/(api|v1)/.*";

  @Inject QuarryConfig config;
  @Inject Authenticator authenticator;
  @Inject UploadSlots slots;
  @Inject ObjectMapper json;

  void install(@Observes Router router) {
    BodyHandler bodies =
        BodyHandler.create(config.dataDir().resolve("blobs").resolve("incoming").toString())
            .setBodyLimit(config.limits().maxRequestBytes().asLongValue())
            .setHandleFileUploads(true)
            .setDeleteUploadedFilesOnEnd(true);
    router
        .routeWithRegex(API_PATHS)
        .order(Integer.MIN_VALUE + 1)
        .handler(this::gate)
        .failureHandler(this::onFailure);
    router
        .routeWithRegex(API_PATHS)
        .order(Integer.MIN_VALUE + 2)
        .handler(
            ctx -> {
              if (hasBody(ctx.request())) {
                bodies.handle(ctx);
              } else {
                ctx.next();
              }
            });
    router
        .routeWithRegex(API_PATHS)
        .order(Integer.MIN_VALUE + 3)
        .handler(
            ctx -> {
              BodyWatch.stop(ctx); // the body handler passes a request on once its body is read
              ctx.next();
            });
  }

  private void gate(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    if (!hasBody(request)) {
      ctx.next();
      return;
    }
    request.pause();
    String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
    Optional<BodyRoute> route = BodyRoute.of(request.method().name(), request.path());
    ctx.vertx()
        .executeBlocking(() -> authorise(authorization, route), false)
        .onComplete(
            decided -> {
              if (decided.failed()) {
                refuse(ctx, decided.cause());
              } else {
                admit(ctx, decided.result(), route.map(BodyRoute::upload).orElse(false));
              }
            });
  }

  private Caller authorise(String authorization, Optional<BodyRoute> route) {
    Caller caller = authenticator.authenticate(authorization);
    route.ifPresent(r -> Access.checkRole(caller, r.kbId(), r.role()));
    return caller;
  }

  private void admit(RoutingContext ctx, Caller caller, boolean upload) {
    QuarryConfig.Limits limits = config.limits();
    if (upload) {
      if (!slots.tryAcquire(caller)) {
        Duration retry = Duration.ofSeconds(5);
        answer(
            ctx,
            Problem.of(
                429,
                "This key already has "
                    + limits.maxConcurrentUploadsPerKey()
                    + " uploads in flight (quarry.limits.max-concurrent-uploads-per-key); send this"
                    + " one when one of them has finished."),
            Map.of("Retry-After", String.valueOf(retry.toSeconds())));
        return;
      }
      ctx.addEndHandler(done -> slots.release(caller));
    }
    ctx.addEndHandler(done -> discardSpooled(ctx));
    BodyWatch.start(
        ctx,
        limits.bodyReadTimeout(),
        upload ? limits.uploadDeadline() : limits.bodyDeadline(),
        upload ? "quarry.limits.upload-deadline" : "quarry.limits.body-deadline",
        this::cutOff);
    ctx.next();
  }

  /**
   * Deletes what is left of the request's spooled file parts once it has ended. Vert.x deletes the
   * parts of a body it read to the end; a multipart body that breaks off inside a part, or is cut
   * off, would otherwise leave its part in {@code blobs/incoming} until the next restart. A part
   * still being written is cancelled, which closes and deletes it.
   */
  private static void discardSpooled(RoutingContext ctx) {
    for (FileUpload part : ctx.fileUploads()) {
      if (!part.cancel()) {
        ctx.vertx()
            .fileSystem()
            .delete(part.uploadedFileName())
            .onFailure(gone -> Log.tracef("Spooled part already gone: %s", gone));
      }
    }
  }

  /** A client that hangs up in the middle of its body is no server error: DEBUG, not ERROR. */
  private void onFailure(RoutingContext ctx) {
    if (ClientDisconnect.is(ctx.failure()) || ctx.response().closed()) {
      Log.debugf(
          "The client closed the connection during %s %s",
          ctx.request().method(), ctx.normalizedPath());
      return;
    }
    ctx.next();
  }

  private void cutOff(RoutingContext ctx, Problem problem) {
    if (ctx.response().headWritten()) {
      ctx.request().connection().close();
      return;
    }
    answer(ctx, problem, Map.of());
  }

  private void refuse(RoutingContext ctx, Throwable cause) {
    if (cause instanceof ApiException e) {
      answer(ctx, Problem.of(e.status(), e.getMessage()), Map.of());
      return;
    }
    String id = UUID.randomUUID().toString();
    Log.errorf(cause, "Checking a request's key failed (error id %s)", id);
    answer(
        ctx,
        Problem.of(503, "The key could not be checked; the server log has the details under " + id),
        Map.of());
  }

  /** Answers with a problem and closes the connection: the unread body is never read. */
  private void answer(RoutingContext ctx, Problem problem, Map<String, String> headers) {
    if (ctx.response().ended() || ctx.response().closed()) {
      return;
    }
    String body;
    try {
      body = json.writeValueAsString(problem);
    } catch (JsonProcessingException e) {
      body = "{\"status\":" + problem.status() + "}";
    }
    var response =
        ctx.response()
            .setStatusCode(problem.status())
            .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
            .putHeader(HttpHeaders.CONNECTION, "close");
    headers.forEach(response::putHeader);
    response.end(body).onComplete(sent -> ctx.request().connection().close());
  }

  private static boolean hasBody(HttpServerRequest request) {
    HttpMethod method = request.method();
    return method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH;
  }
}
