package dev.quarry.api.security;

import dev.quarry.api.ApiException;
import dev.quarry.api.catalogue.KnowledgeBase;
import dev.quarry.api.catalogue.Role;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

/**
 * Checks the caller's role in a knowledge base. A knowledge base the caller has no role in is
 * reported as missing (404), so a key never learns that another knowledge base exists.
 */
@RequestScoped
public class Access {

  @Inject CurrentCaller current;

  /**
   * @return the knowledge base, when the caller holds at least {@code needed} in it
   * @throws ApiException 404 when it does not exist, is being deleted, or the caller has no role in
   *     it; 403 when the role is too low
   */
  public KnowledgeBase require(String kbId, Role needed) {
    checkRole(current.get(), kbId, needed);
    KnowledgeBase kb = KnowledgeBase.findActive(kbId).orElse(null);
    if (kb == null) {
      throw noSuchKnowledgeBase(kbId);
    }
    return kb;
  }

  /**
   * The role check alone, without the catalogue: what {@link BodyGate} decides before a body is
   * read.
   *
   * @throws ApiException 404 when the caller has no role in {@code kbId}; 403 when the role is too
   *     low
   */
  public static void checkRole(Caller caller, String kbId, Role needed) {
    Role role = kbId == null ? null : caller.roleIn(kbId);
    if (role == null) {
      throw noSuchKnowledgeBase(kbId);
    }
    if (!role.allows(needed)) {
      throw ApiException.forbidden(
          "Your key is a "
              + role.name().toLowerCase()
              + " key of this knowledge base; this needs "
              + needed.name().toLowerCase()
              + ".");
    }
  }

  private static ApiException noSuchKnowledgeBase(String kbId) {
    return ApiException.notFound(
        "No knowledge base '" + kbId + "' (or your key has no access to it).");
  }

  public Caller caller() {
    return current.get();
  }
}
