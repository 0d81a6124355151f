package dev.quarry.api.security;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The headers every answer carries, so that nothing Quarry serves can be turned against its own
 * origin: a Content-Security-Policy without inline script that no page may frame, {@code nosniff},
 * no Referer to other sites, and a web UI that is revalidated instead of cached as immutable (a new
 * version of Quarry is seen at the next load). A response that sets its own policy keeps it (the
 * document content endpoint sandboxes what it serves).
 */
@ApplicationScoped
public class SecurityHeaders {

  /** The web UI's policy: its own scripts, styles and images only, and no framing. */
  public static final String POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none';"
          + " form-action 'self'; frame-ancestors 'none'";

  void install(@Observes Router router) {
    router
        .route()
        .order(Integer.MIN_VALUE)
        .handler(
            ctx -> {
              String path = ctx.request().path();
              ctx.addHeadersEndHandler(v -> apply(path, ctx.response().headers()));
              ctx.next();
            });
  }

  static void apply(String path, MultiMap headers) {
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("Referrer-Policy", "no-referrer");
    headers.set("X-Frame-Options", "DENY");
    if (path != null && path.startsWith("/q/")) {
      return; // Quarkus' own pages (Swagger UI) bring inline scripts of their own
    }
    if (!headers.contains("Content-Security-Policy")) {
      headers.set("Content-Security-Policy", POLICY);
    }
    if (isWebUi(path)) {
      headers.set("Cache-Control", "no-cache");
    }
  }

  private static boolean isWebUi(String path) {
    return path == null
        || !(path.startsWith("/api/") || path.startsWith("/v1/") || path.startsWith("/q/"));
  }
}
