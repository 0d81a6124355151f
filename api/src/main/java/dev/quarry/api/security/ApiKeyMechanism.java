package dev.quarry.api.security;

import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * Quarry's one way in: {@code Authorization: Bearer <key>} on {@code /api} and {@code /v1}. It only
 * reads the header; {@link ApiKeyIdentityProvider} decides who the key belongs to. A request
 * without a bearer key stays anonymous, and an endpoint that needs a caller
 * ({@code @Authenticated}) then answers 401 ({@code ProblemMapper}).
 */
@ApplicationScoped
public class ApiKeyMechanism implements HttpAuthenticationMechanism {

  static final String BEARER = "Bearer";

  @Override
  public Uni<SecurityIdentity> authenticate(
      RoutingContext context, IdentityProviderManager identities) {
    String path = context.normalizedPath();
    if (!path.startsWith("/api/") && !path.startsWith("/v1/")) {
      return Uni.createFrom().nullItem();
    }
    String key = bearerKey(context.request().getHeader(HttpHeaders.AUTHORIZATION));
    if (key == null) {
      return Uni.createFrom().nullItem();
    }
    return identities.authenticate(
        new TokenAuthenticationRequest(new TokenCredential(key, BEARER)));
  }

  /** The key of an {@code Authorization: Bearer} header, or null when there is none. */
  static String bearerKey(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, BEARER + " ", 0, 7)) {
      return null;
    }
    String key = authorization.substring(7).strip();
    return key.isEmpty() ? null : key;
  }

  @Override
  public Uni<ChallengeData> getChallenge(RoutingContext context) {
    return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", BEARER));
  }

  @Override
  public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
    return Set.of(TokenAuthenticationRequest.class);
  }

  @Override
  public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
    return Uni.createFrom()
        .item(
            new HttpCredentialTransport(
                HttpCredentialTransport.Type.AUTHORIZATION, BEARER.toLowerCase()));
  }
}
