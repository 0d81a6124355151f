package dev.quarry.generator.prompt;

import dev.quarry.generator.Source;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps {@code [n]} markers (also {@code [1, 2]}, {@code [1][2]}) back to the sources of a prompt;
 * numbers that match no source are dropped from the text and reported. Thread-safe.
 */
public final class CitationParser {

  /** A bracket holding one or more numbers separated by commas. */
  public static final Pattern MARKER = Pattern.compile("\\[(\\d+(?:\\s*,\\s*\\d+)*)]");

  /**
   * @param numbered the prompt's sources: {@code numbered.get(i)} is {@code [i+1]}
   */
  public ParsedCitations parse(String answer, List<Source> numbered) {
    Map<Integer, Citation> found = new LinkedHashMap<>();
    Set<Integer> unknown = new LinkedHashSet<>();
    Matcher m = MARKER.matcher(answer);
    StringBuilder text = new StringBuilder();
    while (m.find()) {
      List<Integer> kept = new ArrayList<>();
      for (String part : m.group(1).split(",")) {
        int n = Integer.parseInt(part.strip());
        if (n >= 1 && n <= numbered.size()) {
          kept.add(n);
          found.putIfAbsent(n, new Citation(n, numbered.get(n - 1).id()));
        } else {
          unknown.add(n);
        }
      }
      String replacement =
          kept.isEmpty()
              ? ""
              : "[" + String.join(", ", kept.stream().map(String::valueOf).toList()) + "]";
      m.appendReplacement(text, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(text);
    String cleaned = text.toString().replaceAll(" +([.,;:!?])", "$1").replaceAll(" {2,}", " ");
    return new ParsedCitations(cleaned.strip(), List.copyOf(found.values()), List.copyOf(unknown));
  }

  /** The numbers cited in one sentence, valid or not, in order, each once. */
  public static List<Integer> numbersIn(String sentence) {
    Set<Integer> numbers = new LinkedHashSet<>();
    Matcher m = MARKER.matcher(sentence);
    while (m.find()) {
      for (String part : m.group(1).split(",")) {
        numbers.add(Integer.parseInt(part.strip()));
      }
    }
    return List.copyOf(numbers);
  }
}
