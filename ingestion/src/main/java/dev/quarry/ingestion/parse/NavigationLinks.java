package dev.quarry.ingestion.parse;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Watches one block of an HTML page for page-to-page navigation: links to other pages of the work,
 * with nothing around them but their labels and punctuation. A link is such a link when its {@code
 * rel} says so (HTML's navigational link types: next, prev, up, index, contents, …), when it has a
 * keyboard shortcut ({@code accesskey}: a page's own menus), or when a label such as "Next:" stands
 * right before it. Texinfo writes such a line at the top and bottom of every page of a manual
 * ("Next: Simple Example, Up: Using libffi [Index]", with {@code rel} at the top only) and lists a
 * chapter's sections as shortcut links; neither holds content, and as passages they would match
 * every question that names a section.
 *
 * <p>Any other link, or any other word outside the links, makes the block content.
 */
final class NavigationLinks {

  /** HTML's link types that lead to another page of the same work. */
  private static final Set<String> NAVIGATION_RELS =
      Set.of(
          "next",
          "prev",
          "previous",
          "up",
          "start",
          "first",
          "last",
          "top",
          "home",
          "index",
          "contents",
          "toc");

  /** The words that label such links ("Next:", "Up:", "[Index]"). */
  private static final Set<String> LABELS =
      Set.of(
          "next",
          "prev",
          "previous",
          "up",
          "top",
          "home",
          "first",
          "last",
          "index",
          "contents",
          "toc");

  /** A label and its colon, right before a link: "Next: ", "Up:". */
  private static final Pattern LABEL_BEFORE_LINK =
      Pattern.compile("(?i)\\b(?:next|prev|previous|up)\\s*:\\s*$");

  private final StringBuilder outside = new StringBuilder();
  private int navigationLinks;
  private boolean inNavigationLink;

  /** A link starts; {@code rel} and {@code accesskey} are its attributes, or null. */
  void startLink(String rel, String accesskey) {
    inNavigationLink =
        isNavigation(rel)
            || (accesskey != null && !accesskey.isBlank())
            || LABEL_BEFORE_LINK.matcher(outside).find();
    navigationLinks += inNavigationLink ? 1 : 0;
  }

  void endLink() {
    inNavigationLink = false;
  }

  /** Text of the block, inside or outside a link. */
  void characters(char[] ch, int start, int length) {
    if (!inNavigationLink) {
      outside.append(ch, start, length);
    }
  }

  /** Whether the block so far is navigation links and their labels only. */
  boolean onlyNavigation() {
    if (navigationLinks == 0) {
      return false;
    }
    for (String word : outside.toString().toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (!word.isEmpty() && !LABELS.contains(word)) {
        return false;
      }
    }
    return true;
  }

  /** Forgets the block: the next one starts (inside the same link, if a block ends in one). */
  void reset() {
    outside.setLength(0);
    navigationLinks = 0;
  }

  private static boolean isNavigation(String rel) {
    if (rel == null) {
      return false;
    }
    for (String type : rel.toLowerCase(Locale.ROOT).split("\\s+")) {
      if (NAVIGATION_RELS.contains(type)) {
        return true;
      }
    }
    return false;
  }
}
