package dev.quarry.api.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Turns a bearer key into a {@link SecurityIdentity}: the server's admin key has the role {@link
 * Roles#ADMIN}, a stored key the role {@link Roles#KEY}; the identity carries its {@link Caller},
 * whose role in one knowledge base {@link Access} checks. An unknown key fails with {@link
 * AuthenticationFailedException}. The lookup reads the catalogue, so it runs off the event loop.
 */
@ApplicationScoped
public class ApiKeyIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

  /** The identity attribute that holds the request's {@link Caller}. */
  static final String CALLER = "quarry.caller";

  @Inject Authenticator authenticator;

  @Override
  public Class<TokenAuthenticationRequest> getRequestType() {
    return TokenAuthenticationRequest.class;
  }

  @Override
  public Uni<SecurityIdentity> authenticate(
      TokenAuthenticationRequest request, AuthenticationRequestContext context) {
    String key = request.getToken().getToken();
    return context.runBlocking(
        () ->
            authenticator
                .callerFor(key)
                .map(ApiKeyIdentityProvider::identity)
                .orElseThrow(AuthenticationFailedException::new));
  }

  private static SecurityIdentity identity(Caller caller) {
    return QuarkusSecurityIdentity.builder()
        .setPrincipal(new QuarkusPrincipal(caller.admin() ? "admin" : "key:" + caller.keyId()))
        .addRole(caller.admin() ? Roles.ADMIN : Roles.KEY)
        .addAttribute(CALLER, caller)
        .build();
  }
}
