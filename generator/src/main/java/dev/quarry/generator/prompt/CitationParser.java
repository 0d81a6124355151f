package dev.quarry.generator.prompt;

import dev.quarry.generator.Source;
import dev.quarry.generator.grounding.CitationMarkers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Maps the citation markers of an answer ({@link CitationMarkers}: {@code [n]}, {@code [1, 2]},
 * {@code [1][2]}) back to the sources of a prompt; numbers that match no source are dropped from
 * the text and reported. Thread-safe.
 */
public final class CitationParser {

  /**
   * @param numbered the prompt's sources: {@code numbered.get(i)} is {@code [i+1]}
   */
  public ParsedCitations parse(String answer, List<Source> numbered) {
    Map<Integer, Citation> found = new LinkedHashMap<>();
    Set<Long> unknown = new LinkedHashSet<>();
    StringBuilder text = new StringBuilder();
    int last = 0;
    for (CitationMarkers.Marker m : CitationMarkers.find(answer)) {
      List<Integer> kept = new ArrayList<>();
      for (long n : m.numbers()) {
        if (CitationMarkers.isValid(n, numbered.size())) {
          int valid = (int) n;
          if (!kept.contains(valid)) {
            kept.add(valid);
          }
          found.putIfAbsent(valid, new Citation(valid, numbered.get(valid - 1).id()));
        } else {
          unknown.add(n);
        }
      }
      text.append(answer, last, m.start());
      text.append(kept.isEmpty() ? "" : CitationMarkers.render(kept));
      last = m.end();
    }
    text.append(answer.substring(last));
    String cleaned = text.toString().replaceAll(" +([.,;:!?])", "$1").replaceAll(" {2,}", " ");
    return new ParsedCitations(cleaned.strip(), List.copyOf(found.values()), List.copyOf(unknown));
  }
}
