package dev.quarry.api.rest;

import dev.quarry.api.ServerPaths;
import jakarta.ws.rs.core.Response;

/**
 * An RFC 7807 problem: what went wrong, for a person, with no stack trace.
 *
 * @param type a URI naming the kind of problem
 * @param title the HTTP reason phrase
 * @param status the HTTP status
 * @param detail what happened and what to do about it
 */
public record Problem(String type, String title, int status, String detail) {

  public static final String MEDIA_TYPE = "application/problem+json";

  /** A problem; any of the server's directories named in {@code detail} are hidden. */
  public static Problem of(int status, String detail) {
    Response.Status s = Response.Status.fromStatusCode(status);
    String title = s == null ? "Error" : s.getReasonPhrase();
    String slug = title.toLowerCase().replaceAll("[^a-z0-9]+", "-");
    return new Problem(
        "https://quarry.dev/problems/" + slug, title, status, ServerPaths.hide(detail));
  }

  public Response response() {
    return Response.status(status).type(MEDIA_TYPE).entity(this).build();
  }
}
