package dev.quarry.ingestion.parse;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The heading level that goes with each depth of section number in one document, learnt from the
 * headings seen so far, so that a numbered heading found in the text ({@code 1.1 Terms}) goes under
 * the heading that opened its section ({@code 1. About this manual}), whatever that heading's
 * level.
 */
final class SectionLevels {

  private static final Pattern SECTION_NUMBER =
      Pattern.compile("^([0-9]{1,3}(?:\\.[0-9]{1,3})*)\\.?\\s");

  private final Map<Integer, Integer> levelByDepth = new HashMap<>();

  /** Records a heading: when its title starts with a section number, its depth gets level. */
  void seen(String title, int level) {
    Matcher m = SECTION_NUMBER.matcher(title);
    if (m.find()) {
      levelByDepth.put(m.group(1).split("\\.").length, level);
    }
  }

  /**
   * The level for a numbered heading of {@code depth}: that of an earlier heading numbered as deep,
   * else one level per number below the deepest shallower one, else the depth; at most 6.
   */
  int levelOf(int depth) {
    for (int d = depth; d >= 1; d--) {
      Integer level = levelByDepth.get(d);
      if (level != null) {
        return Math.min(6, level + depth - d);
      }
    }
    return Math.min(6, depth);
  }
}
