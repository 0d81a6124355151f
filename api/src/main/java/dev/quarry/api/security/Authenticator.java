package dev.quarry.api.security;

import dev.quarry.api.ApiException;
import dev.quarry.api.catalogue.ApiKey;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * Who a key belongs to: the admin key, or a stored key looked up by its hash. Blocking (a catalogue
 * read); thread-safe. Used by {@link ApiKeyIdentityProvider} for every request, and by {@link
 * BodyGate} before a body is read.
 */
@ApplicationScoped
public class Authenticator {

  public static final String NO_KEY =
      "This call needs an API key: send the header 'Authorization: Bearer <key>'.";
  public static final String UNKNOWN_KEY =
      "The API key was not recognised: check it, or ask an admin.";

  @Inject AdminKey adminKey;

  /** The caller whose key this is, or empty when no key matches. */
  public Optional<Caller> callerFor(String key) {
    if (Keys.same(key, adminKey.value())) {
      return Optional.of(Caller.ADMIN);
    }
    return QuarkusTransaction.requiringNew()
        .call(() -> ApiKey.findByHash(Keys.hash(key)))
        .map(k -> new Caller(false, k.kbId, k.role, k.id));
  }

  /**
   * @param authorization the header's value, or null
   * @throws ApiException.Unauthenticated when the header is missing, malformed or names no key
   */
  public Caller authenticate(String authorization) {
    String key = ApiKeyMechanism.bearerKey(authorization);
    if (key == null) {
      throw ApiException.unauthenticated(NO_KEY);
    }
    return callerFor(key).orElseThrow(() -> ApiException.unauthenticated(UNKNOWN_KEY));
  }
}
