package dev.quarry.api.security;

import dev.quarry.api.ApiException;
import dev.quarry.api.catalogue.ApiKey;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * Turns an {@code Authorization: Bearer} header into a {@link Caller}: the admin key, or a stored
 * key looked up by its hash. Blocking (a catalogue read); thread-safe.
 */
@ApplicationScoped
public class Authenticator {

  @Inject AdminKey adminKey;

  /**
   * @param authorization the header's value, or null
   * @throws ApiException 401 when the header is missing, malformed or names no key
   */
  public Caller authenticate(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw ApiException.unauthenticated(
          "This call needs an API key: send the header 'Authorization: Bearer <key>'.");
    }
    String key = authorization.substring(7).strip();
    if (Keys.same(key, adminKey.value())) {
      return Caller.ADMIN;
    }
    Optional<ApiKey> stored =
        QuarkusTransaction.requiringNew().call(() -> ApiKey.findByHash(Keys.hash(key)));
    if (stored.isEmpty()) {
      throw ApiException.unauthenticated(
          "The API key was not recognised: check it, or ask an admin.");
    }
    ApiKey k = stored.get();
    return new Caller(false, k.kbId, k.role, k.id);
  }
}
