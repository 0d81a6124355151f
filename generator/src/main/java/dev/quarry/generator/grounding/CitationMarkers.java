package dev.quarry.generator.grounding;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one grammar of citation markers, shared by the prompt's parser, the grounding check, the
 * extractive composer, the highlighter, the citation benchmark and the command-line client (the web
 * UI's parser is pinned to the same cases by {@code citation-markers.json}).
 *
 * <p>A marker is a pair of square brackets holding one or more decimal numbers separated by commas:
 * {@code [1]}, {@code [1, 2]}, {@code [ 3 ]}. Adjacent markers ({@code [1][2]}) are two markers.
 * Anything else in brackets ({@code [a]}, {@code [1-2]}, {@code []}) is text. Numbers are never
 * trusted: one too long for a {@code long} reads as {@link Long#MAX_VALUE}, so no marker in model
 * output can throw. Thread-safe; stateless.
 */
public final class CitationMarkers {

  /** One marker; group 1 holds its comma-separated numbers. */
  public static final Pattern MARKER = Pattern.compile("\\[\\s*(\\d+(?:\\s*,\\s*\\d+)*)\\s*]");

  /** Longest digit string that is read as written; longer ones saturate. */
  private static final int MAX_DIGITS = 18;

  /**
   * One marker in a text.
   *
   * @param start offset of its {@code [}
   * @param end offset one past its {@code ]}
   * @param numbers its numbers, as written (duplicates kept), each at least 0
   */
  public record Marker(int start, int end, List<Long> numbers) {
    public Marker {
      numbers = List.copyOf(numbers);
    }
  }

  private CitationMarkers() {}

  /** Every marker in {@code text}, in order. */
  public static List<Marker> find(String text) {
    List<Marker> markers = new ArrayList<>();
    Matcher m = MARKER.matcher(text);
    while (m.find()) {
      List<Long> numbers = new ArrayList<>();
      for (String part : m.group(1).split(",")) {
        numbers.add(parse(part.strip()));
      }
      markers.add(new Marker(m.start(), m.end(), numbers));
    }
    return markers;
  }

  /** The numbers cited in {@code text}, valid or not, in order of first appearance, each once. */
  public static List<Long> numbersIn(String text) {
    Set<Long> numbers = new LinkedHashSet<>();
    find(text).forEach(m -> numbers.addAll(m.numbers()));
    return List.copyOf(numbers);
  }

  /**
   * The numbers in {@code text} that name one of {@code sourceCount} sources ({@code 1..count}), in
   * order of first appearance, each once.
   */
  public static List<Integer> validNumbersIn(String text, int sourceCount) {
    return numbersIn(text).stream()
        .filter(n -> isValid(n, sourceCount))
        .map(Long::intValue)
        .toList();
  }

  /** Whether {@code n} names one of {@code sourceCount} sources. */
  public static boolean isValid(long n, int sourceCount) {
    return n >= 1 && n <= sourceCount;
  }

  /**
   * {@code text} without its markers, with the space a removed marker leaves before punctuation or
   * beside another space taken out: {@code "Paris [1]."} reads {@code "Paris."}.
   */
  public static String strip(String text) {
    return tidy(MARKER.matcher(text).replaceAll(""));
  }

  /** Removes spaces left before punctuation and doubled spaces, then trims. */
  static String tidy(String text) {
    return text.replaceAll("[ \\t]+([.,;:!?])", "$1").replaceAll("[ \\t]{2,}", " ").strip();
  }

  /** Renders numbers as one marker: {@code [1, 2]}. */
  public static String render(List<Integer> numbers) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < numbers.size(); i++) {
      sb.append(i == 0 ? "" : ", ").append(numbers.get(i));
    }
    return sb.append(']').toString();
  }

  private static long parse(String digits) {
    String d = digits.replaceFirst("^0+(?=\\d)", "");
    return d.length() > MAX_DIGITS ? Long.MAX_VALUE : Long.parseLong(d);
  }
}
