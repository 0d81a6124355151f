package dev.quarry.ingestion.parse;

import java.util.Locale;
import java.util.Set;
import org.apache.tika.parser.html.DefaultHtmlMapper;

/**
 * Tika's default HTML mapping, with three changes for reading a page as a reader would:
 *
 * <ul>
 *   <li>navigation (and the other page chrome below) is dropped with its content, like scripts and
 *       styles: menus repeated on every page would otherwise become passages that match everything;
 *   <li>the block containers Tika leaves out ({@code div}, {@code section}, {@code article}, …) are
 *       kept, so that text in two of them becomes two blocks, not one run-on paragraph;
 *   <li>ARIA's {@code role}, a link's {@code accesskey} and a table's {@code summary} are kept, so
 *       that {@link StructureHandler} can skip what a page marks as navigation or search without a
 *       {@code <nav>} element (Sphinx's bars and sidebar), and menus of keyboard-shortcut links
 *       (Texinfo's navigation lines and chapter menus).
 * </ul>
 *
 * Classes are not kept: a page's own {@code class="page"} must not start a PDF page.
 */
final class QuarryHtmlMapper extends DefaultHtmlMapper {

  private static final Set<String> DISCARDED =
      Set.of("nav", "script", "style", "noscript", "template", "iframe", "svg");

  private static final Set<String> CONTAINERS =
      Set.of(
          "div",
          "section",
          "article",
          "header",
          "footer",
          "aside",
          "main",
          "figure",
          "figcaption",
          "details",
          "summary");

  @Override
  public boolean isDiscardElement(String name) {
    return DISCARDED.contains(name.toLowerCase(Locale.ROOT)) || super.isDiscardElement(name);
  }

  @Override
  public String mapSafeElement(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return CONTAINERS.contains(lower) ? lower : super.mapSafeElement(name);
  }

  @Override
  public String mapSafeAttribute(String elementName, String attributeName) {
    String lower = attributeName.toLowerCase(Locale.ROOT);
    if (lower.equals("role")
        || (lower.equals("accesskey") && "a".equals(elementName))
        || (lower.equals("summary") && "table".equals(elementName))) {
      return lower;
    }
    return super.mapSafeAttribute(elementName, attributeName);
  }
}
