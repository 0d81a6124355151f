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
 * <p>Any other link, or any other word outside the links, makes the block content. A block of
 * content whose text is all inside links ({@link #onlyLinkText}) is still an entry of a list of
 * links, such as a table of contents ("2.1. What Valgrind does"), not a heading.
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
  private int links;
  private boolean inLink;
  private boolean textOutsideLinks;

  /**
   * An {@code a} element starts; {@code href}, {@code rel} and {@code accesskey} are its
   * attributes, or null. One without {@code href} (an anchor) is no link.
   */
  void startLink(String href, String rel, String accesskey) {
    inLink = href != null;
    links += inLink ? 1 : 0;
    inNavigationLink =
        inLink
            && (AttributeTokens.anyOf(rel, NAVIGATION_RELS)
                || (accesskey != null && !accesskey.isBlank())
                || LABEL_BEFORE_LINK.matcher(outside).find());
    navigationLinks += inNavigationLink ? 1 : 0;
  }

  void endLink() {
    inNavigationLink = false;
    inLink = false;
  }

  /** Text of the block, inside or outside a link. */
  void characters(char[] ch, int start, int length) {
    if (!inNavigationLink) {
      outside.append(ch, start, length);
    }
    if (!inLink) {
      for (int i = start; i < start + length && !textOutsideLinks; i++) {
        textOutsideLinks = Character.isLetter(ch[i]); // a section number is no text of its own
      }
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

  /** Whether the block so far is navigation links and nothing else, not even a label. */
  boolean onlyLinks() {
    return navigationLinks > 0 && outside.codePoints().noneMatch(Character::isLetterOrDigit);
  }

  /**
   * Whether all the block's letters so far are the text of links: a section number before a link
   * ("6. How To Get Further Assistance") is part of the entry.
   */
  boolean onlyLinkText() {
    return links > 0 && !textOutsideLinks;
  }

  /** Forgets the block: the next one starts (inside the same link, if a block ends in one). */
  void reset() {
    outside.setLength(0);
    navigationLinks = 0;
    links = 0;
    textOutsideLinks = false;
  }
}
