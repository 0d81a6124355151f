package dev.quarry.api.security;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Authenticates every {@code /api} and {@code /v1} request from its {@code Authorization: Bearer}
 * key: the admin key, or a stored key (looked up by hash). No key or an unknown one is a 401. (A
 * request with a body has already been let in by {@link BodyGate}, key and role, before its body
 * was read.)
 */
public class AuthFilter {

  @Inject Authenticator authenticator;
  @Inject CurrentCaller current;

  @ServerRequestFilter(priority = jakarta.ws.rs.Priorities.AUTHENTICATION)
  public void authenticate(ContainerRequestContext request) {
    String path = request.getUriInfo().getPath();
    if (!path.startsWith("/api") && !path.startsWith("/v1")) {
      return;
    }
    current.set(authenticator.authenticate(request.getHeaderString(HttpHeaders.AUTHORIZATION)));
  }
}
