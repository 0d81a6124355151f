package dev.quarry.api.security;

import dev.quarry.api.catalogue.Role;

/**
 * Who is calling: the admin (every knowledge base) or a key with a role in one knowledge base.
 *
 * @param admin whether this is the configured admin key
 * @param kbId the key's knowledge base (null for the admin)
 * @param role the key's role there (ADMIN for the admin)
 * @param keyId the key's id (null for the admin)
 */
public record Caller(boolean admin, String kbId, Role role, String keyId) {

  public static final Caller ADMIN = new Caller(true, null, Role.ADMIN, null);

  /** The role this caller has in {@code kbId}, or null when it has none there. */
  public Role roleIn(String kb) {
    if (admin) {
      return Role.ADMIN;
    }
    return kbId.equals(kb) ? role : null;
  }
}
