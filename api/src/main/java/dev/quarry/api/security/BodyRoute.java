package dev.quarry.api.security;

import dev.quarry.api.catalogue.Role;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a request with a body needs before its body may be read: the knowledge base named in its
 * path and the role there. Uploads (a new document, a new version) need a writer; every other body
 * sent to a knowledge base needs at least a reader, and the endpoint checks the exact role again.
 * Requests whose knowledge base is in the body ({@code /v1/chat/completions}, {@code /api/keys}) or
 * that create one ({@code /api/kbs}) need a valid key only.
 *
 * @param kbId the knowledge base, decoded from the path
 * @param role the least role the caller must hold there
 * @param upload whether the body is a document upload
 */
public record BodyRoute(String kbId, Role role, boolean upload) {

  private static final Pattern KB_PATH = Pattern.compile("^/api/kbs/([^/]+)(/.*)?$");
  private static final Pattern NEW_DOCUMENT = Pattern.compile("^/documents/?$");
  private static final Pattern NEW_VERSION = Pattern.compile("^/documents/[^/]+/?$");

  /**
   * @param method the HTTP method
   * @param rawPath the request path as sent (percent-encoded)
   * @return the knowledge base and role the request needs, or empty when its path names none
   */
  public static Optional<BodyRoute> of(String method, String rawPath) {
    Matcher kb = KB_PATH.matcher(rawPath);
    if (!kb.matches()) {
      return Optional.empty();
    }
    String rest = kb.group(2) == null ? "" : kb.group(2);
    boolean upload =
        "POST".equals(method) && NEW_DOCUMENT.matcher(rest).matches()
            || "PUT".equals(method) && NEW_VERSION.matcher(rest).matches();
    return Optional.of(
        new BodyRoute(decode(kb.group(1)), upload ? Role.WRITER : Role.READER, upload));
  }

  private static String decode(String segment) {
    try {
      return new URI("/" + segment).getPath().substring(1);
    } catch (URISyntaxException e) {
      return segment; // not a valid escape: no knowledge base has that id, so the check refuses it
    }
  }
}
