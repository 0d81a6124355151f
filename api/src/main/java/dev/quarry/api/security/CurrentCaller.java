package dev.quarry.api.security;

import dev.quarry.api.ApiException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

/** The caller of the current request, from its Quarkus {@link SecurityIdentity}. */
@RequestScoped
public class CurrentCaller {

  @Inject SecurityIdentity identity;

  public Caller get() {
    Caller caller =
        identity.isAnonymous() ? null : identity.getAttribute(ApiKeyIdentityProvider.CALLER);
    if (caller == null) {
      throw ApiException.unauthenticated(Authenticator.NO_KEY);
    }
    return caller;
  }
}
