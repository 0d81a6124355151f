package dev.quarry.api.rest;

import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Keeps the {@code uri} tag of HTTP metrics to the API's templates, so that no knowledge base or
 * document id reaches the metrics, and no client can fill the tag cap with made-up paths. Quarkus
 * already tags a request that Quarkus REST matched with its template, and a 404 with {@code
 * NOT_FOUND}; what remains are the API requests answered before Quarkus REST (refusals by {@code
 * BodyGate}: 401, 403, 404, 408, 429): tagged with their {@link ApiRoutes template}, or {@value
 * #UNMATCHED} when their path is no API path at all.
 */
public class UriTags {

  /** The tag of an API request whose path matches no resource. */
  public static final String UNMATCHED = "/api/UNMATCHED";

  @Produces
  @Singleton
  MeterFilter templatedUris() {
    return MeterFilter.replaceTagValues("uri", UriTags::template);
  }

  static String template(String uri) {
    if (uri.contains("{") || !(uri.startsWith("/api/") || uri.startsWith("/v1/"))) {
      return uri; // a template, or a tag Quarkus chose (NOT_FOUND, root, a web UI file)
    }
    return ApiRoutes.API.template(uri).orElse(UNMATCHED);
  }
}
