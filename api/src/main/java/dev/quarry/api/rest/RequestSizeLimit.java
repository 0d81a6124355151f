package dev.quarry.api.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.api.QuarryConfig;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Refuses a request whose declared body is larger than {@code quarry.limits.max-request-bytes}
 * before a byte of it is read, with the same RFC 7807 problem as every other error. (The HTTP
 * layer's own limit, set to the same value, still stops a body sent without a length.)
 */
@ApplicationScoped
public class RequestSizeLimit {

  @Inject QuarryConfig config;
  @Inject ObjectMapper json;

  void install(@Observes Router router) {
    long max = config.limits().maxRequestBytes().asLongValue();
    router
        .route()
        .order(Integer.MIN_VALUE)
        .handler(
            ctx -> {
              String length = ctx.request().getHeader("Content-Length");
              if (length == null || !isOver(length, max)) {
                ctx.next();
                return;
              }
              Problem problem =
                  Problem.of(
                      413,
                      "The request is "
                          + length
                          + " bytes; the limit is "
                          + max
                          + " (quarry.limits.max-request-bytes). Send the files in several"
                          + " requests.");
              try {
                ctx.response()
                    .setStatusCode(413)
                    .putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .putHeader("Connection", "close")
                    .end(json.writeValueAsString(problem));
              } catch (JsonProcessingException e) {
                ctx.fail(413);
              }
            });
  }

  private static boolean isOver(String length, long max) {
    try {
      return Long.parseLong(length.strip()) > max;
    } catch (NumberFormatException e) {
      return false; // the HTTP layer answers a malformed length itself
    }
  }
}
