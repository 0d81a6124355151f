package dev.quarry.ingestion.parse;

import java.util.Locale;
import java.util.Set;

/** HTML attributes that hold a space-separated list of tokens ({@code rel}, {@code role}). */
final class AttributeTokens {

  private AttributeTokens() {}

  /** Whether {@code value} (or null) holds any of {@code tokens}, which are lower case. */
  static boolean anyOf(String value, Set<String> tokens) {
    if (value == null) {
      return false;
    }
    for (String token : value.toLowerCase(Locale.ROOT).split("\\s+")) {
      if (tokens.contains(token)) {
        return true;
      }
    }
    return false;
  }
}
