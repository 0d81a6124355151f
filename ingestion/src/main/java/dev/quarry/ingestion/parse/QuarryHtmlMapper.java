package dev.quarry.ingestion.parse;

import java.util.Locale;
import java.util.Set;
import org.apache.tika.parser.html.DefaultHtmlMapper;

/**
 * Tika's default HTML mapping, except that navigation (and the other page chrome below) is dropped
 * with its content, like scripts and styles: menus repeated on every page would otherwise become
 * passages that match everything.
 */
final class QuarryHtmlMapper extends DefaultHtmlMapper {

  private static final Set<String> DISCARDED =
      Set.of("nav", "script", "style", "noscript", "template", "iframe", "svg");

  @Override
  public boolean isDiscardElement(String name) {
    return DISCARDED.contains(name.toLowerCase(Locale.ROOT)) || super.isDiscardElement(name);
  }
}
