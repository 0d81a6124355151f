package dev.quarry.api.storage;

import dev.quarry.api.ApiException;
import java.util.ArrayList;
import java.util.List;

/**
 * Cleans an uploaded file name. Names are only labels in the catalogue (bytes live under their
 * hash), but they are shown in the UI, sent back in headers and used as folder paths, so:
 * backslashes become slashes, control characters go, {@code .} / {@code ..} / empty segments go,
 * and the result is at most 255 characters of its last segments.
 */
public final class FileNames {

  private static final int MAX_LENGTH = 255;

  private FileNames() {}

  /**
   * @throws ApiException 400 when nothing usable is left
   */
  public static String clean(String raw) {
    String name = raw == null ? "" : raw.replace('\\', '/');
    StringBuilder visible = new StringBuilder(name.length());
    name.codePoints()
        .filter(c -> !Character.isISOControl(c) && Character.getType(c) != Character.FORMAT)
        .forEach(visible::appendCodePoint);
    List<String> segments = new ArrayList<>();
    for (String segment : visible.toString().split("/")) {
      String s = segment.strip();
      if (!s.isEmpty() && !s.equals(".") && !s.equals("..")) {
        segments.add(s);
      }
    }
    String cleaned = String.join("/", segments);
    while (cleaned.length() > MAX_LENGTH && segments.size() > 1) {
      segments.remove(0);
      cleaned = String.join("/", segments);
    }
    if (cleaned.length() > MAX_LENGTH) {
      cleaned = cleaned.substring(cleaned.length() - MAX_LENGTH);
    }
    if (cleaned.isEmpty()) {
      throw ApiException.badRequest(
          "The file name '" + printable(raw) + "' has no usable characters; rename the file.");
    }
    return cleaned;
  }

  private static String printable(String raw) {
    return raw == null ? "" : raw.replaceAll("\\p{Cntrl}", "?");
  }
}
