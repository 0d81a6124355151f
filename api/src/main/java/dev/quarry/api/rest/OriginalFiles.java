package dev.quarry.api.rest;

import java.util.Locale;
import java.util.Set;

/**
 * How an uploaded original is served back. Every original is an attachment under {@code
 * X-Content-Type-Options: nosniff} and a sandboxing Content-Security-Policy; on top of that, a type
 * a browser would run as a page (HTML, SVG, XML, JavaScript) is never named as such: it is served
 * as {@code text/plain}, and a type not known to be passive as {@code application/octet-stream}.
 */
final class OriginalFiles {

  /** What the content endpoint sends besides the file: no script, no plug-in, no request out. */
  static final String CONTENT_SECURITY_POLICY = "sandbox; default-src 'none'";

  /** Types no browser runs code from. */
  private static final Set<String> PASSIVE =
      Set.of(
          "text/plain",
          "text/markdown",
          "text/x-web-markdown",
          "text/csv",
          "text/tab-separated-values",
          "application/pdf",
          "application/rtf",
          "application/msword",
          "application/epub+zip");

  private OriginalFiles() {}

  /**
   * @param mediaType the type detected at upload (may be null or carry parameters)
   * @return the Content-Type to serve the original with
   */
  static String servedType(String mediaType) {
    if (mediaType == null || mediaType.isBlank()) {
      return "application/octet-stream";
    }
    String base = mediaType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    if (PASSIVE.contains(base) || (base.startsWith("application/vnd.") && !isMarkup(base))) {
      return base;
    }
    if (base.startsWith("text/") || isMarkup(base) || base.contains("script")) {
      return "text/plain";
    }
    return "application/octet-stream";
  }

  private static boolean isMarkup(String base) {
    return base.endsWith("+xml") || base.endsWith("/xml") || base.contains("html");
  }
}
