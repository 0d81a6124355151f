package dev.quarry.api.catalogue;

import dev.quarry.api.ApiException;
import java.util.Locale;

/**
 * The rule for a knowledge base's name: shown in lists, the web UI and answers' context, so it must
 * read as what it is. Refused: control characters (line breaks and tabs included), line and
 * paragraph separators, and characters that change the direction of the text around them (the
 * bidirectional embeddings, overrides, isolates and marks, which can make "invoice", U+202E,
 * "fdp.exe" display as "invoiceexe.pdf"); and a name that is blank once zero-width characters are
 * left out. Zero-width joiners inside a name stay allowed: scripts and emoji need them.
 */
public final class KnowledgeBaseName {

  /** Longest name, in UTF-16 units. */
  public static final int MAX_LENGTH = 200;

  private KnowledgeBaseName() {}

  /**
   * @return {@code name} without surrounding white space
   * @throws ApiException 400 when the name is missing, blank, too long or holds a refused character
   */
  public static String check(String name) {
    if (name == null || isBlank(name)) {
      throw ApiException.badRequest(
          "A knowledge base needs a name, e.g. {\"name\":\"Handbook\"} (white space and zero-width"
              + " characters alone are no name).");
    }
    String clean = name.strip();
    if (clean.length() > MAX_LENGTH) {
      throw ApiException.badRequest("The name is longer than " + MAX_LENGTH + " characters.");
    }
    for (int i = 0; i < clean.length(); ) {
      int c = clean.codePointAt(i);
      if (refused(c)) {
        throw ApiException.badRequest(
            String.format(
                Locale.ROOT,
                "The name holds a control or direction-changing character U+%04X (at position %d);"
                    + " names may not contain control characters, line breaks or bidirectional"
                    + " formatting characters.",
                c,
                i));
      }
      i += Character.charCount(c);
    }
    return clean;
  }

  private static boolean isBlank(String name) {
    return name.codePoints().allMatch(c -> Character.isWhitespace(c) || zeroWidth(c));
  }

  static boolean refused(int c) {
    return Character.getType(c) == Character.CONTROL
        || c == 0x2028 // line separator
        || c == 0x2029 // paragraph separator
        || c == 0x061C // Arabic letter mark
        || c == 0x200E // left-to-right mark
        || c == 0x200F // right-to-left mark
        || (c >= 0x202A && c <= 0x202E) // embeddings, pop, overrides
        || (c >= 0x2066 && c <= 0x2069); // isolates
  }

  private static boolean zeroWidth(int c) {
    return (c >= 0x200B && c <= 0x200D) || c == 0xFEFF || c == 0x2060 || c == 0x180E;
  }
}
