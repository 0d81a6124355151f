package dev.quarry.api.security;

import dev.quarry.api.ApiException;
import dev.quarry.api.catalogue.ApiKey;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Authenticates every {@code /api} and {@code /v1} request from its {@code Authorization: Bearer}
 * key: the admin key, or a stored key (looked up by hash). No key or an unknown one is a 401.
 */
public class AuthFilter {

  @Inject AdminKey adminKey;
  @Inject CurrentCaller current;

  @ServerRequestFilter(priority = jakarta.ws.rs.Priorities.AUTHENTICATION)
  public void authenticate(ContainerRequestContext request) {
    String path = request.getUriInfo().getPath();
    if (!path.startsWith("/api") && !path.startsWith("/v1")) {
      return;
    }
    String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new ApiException(
          401, "This call needs an API key: send the header 'Authorization: Bearer <key>'.");
    }
    String key = header.substring(7).strip();
    if (Keys.same(key, adminKey.value())) {
      current.set(Caller.ADMIN);
      return;
    }
    Optional<ApiKey> stored =
        QuarkusTransaction.requiringNew().call(() -> ApiKey.findByHash(Keys.hash(key)));
    if (stored.isEmpty()) {
      throw new ApiException(401, "The API key was not recognised: check it, or ask an admin.");
    }
    ApiKey k = stored.get();
    current.set(new Caller(false, k.kbId, k.role, k.id));
  }
}
