package dev.quarry.api.security;

/**
 * The roles of a request's identity, for {@code @RolesAllowed}. A key's role in its knowledge base
 * (reader, writer, admin: {@link Role}) is not one of these: {@link Access} checks it per knowledge
 * base.
 */
public final class Roles {

  /** The server's admin key: every knowledge base, and the calls only it may make. */
  public static final String ADMIN = "admin";

  /** A key an admin created, with a role in one knowledge base. */
  public static final String KEY = "key";

  private Roles() {}
}
