package dev.quarry.api.security;

import dev.quarry.api.ApiException;
import jakarta.enterprise.context.RequestScoped;

/** The caller of the current request, set by {@link AuthFilter}. */
@RequestScoped
public class CurrentCaller {

  private Caller caller;

  void set(Caller value) {
    this.caller = value;
  }

  public Caller get() {
    if (caller == null) {
      throw ApiException.unauthenticated("This call needs an API key.");
    }
    return caller;
  }
}
