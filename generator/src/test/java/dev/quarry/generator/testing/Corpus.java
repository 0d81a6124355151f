package dev.quarry.generator.testing;

import dev.quarry.generator.Source;
import java.util.List;

/** Three small passages, the golden fixture of the grounded-answer tests. */
public final class Corpus {

  public static final Source PARIS =
      new Source(
          "doc-fr#0",
          "France",
          "Paris is the capital and largest city of France. The Seine flows through Paris.");
  public static final Source BOILING =
      new Source(
          "doc-water#3",
          "Water",
          "Water boils at 100 degrees Celsius at sea level. At altitude it boils at lower"
              + " temperatures.");
  public static final Source HEART =
      new Source(
          "doc-heart#1", "Heart", "The heart pumps blood through the body. It has four chambers.");

  public static final List<Source> ALL = List.of(PARIS, BOILING, HEART);

  private Corpus() {}
}
