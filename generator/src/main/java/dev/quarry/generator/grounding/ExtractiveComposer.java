package dev.quarry.generator.grounding;

import dev.quarry.generator.Source;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Answers without a generator model, from the sources' own sentences ({@link Evidence}, scored
 * against the question):
 *
 * <ol>
 *   <li>drop debris (table rules, pipes, numbers, code: {@link TextShape#DEBRIS}) and headings (a
 *       sentence that is a source's title or one of its headings, section number aside, or a
 *       table's header row, names a subject, it does not answer; so does a menu entry that names
 *       another source's section) and questions (an FAQ's question asks, its answer answers);
 *   <li>say each sentence once: the same text from two formats of one document, or from overlapping
 *       chunks, is kept from the source that has a page or heading path;
 *   <li>rank the sentences by how well each, read in its context, answers the question ({@link
 *       EvidenceSentence#inContext()}) plus {@code overlapWeight} × the share of the question's
 *       content words it holds;
 *   <li>pick the best, then the next ones while they rank within {@code margin} of it, at most
 *       {@code maxSentences}: a clear winner is quoted alone, close runners-up join it;
 *   <li>a picked sentence that leads into a list ("… as follows:") brings what it introduces: the
 *       list items right after it in its source (at most {@link #MAX_INTRODUCED}), or else the one
 *       sentence after it; a lead-in with nothing fit to quote after it says nothing by itself and
 *       is no candidate at all, so the next best sentence answers instead;
 *   <li>group them by source, the source of the best sentence first, and keep each source's
 *       sentences in document order, so they read as a paragraph;
 *   <li>cite each sentence {@code [n]}; a table row or list item is quoted on a line of its own.
 * </ol>
 *
 * Whether to answer at all is not decided here but by {@link Answerability}. The defaults are
 * measured on SciFact's rationale sentences (docs/benchmarks.md, "Extractive citations").
 * Thread-safe.
 */
public final class ExtractiveComposer {

  /** Most sentences in one answer. */
  public static final int DEFAULT_MAX_SENTENCES = 3;

  /** Later picks rank at most this far below the best one (cosine units). */
  public static final double DEFAULT_MARGIN = 0.02;

  /** Weight of the question's content words found in a sentence, beside its in-context cosine. */
  public static final double DEFAULT_OVERLAP_WEIGHT = 0.05;

  /** Most list items a picked lead-in brings with it. */
  public static final int MAX_INTRODUCED = 3;

  /** A list item as the splitter leaves it: a bullet or a number, then a space. */
  private static final Pattern LIST_ITEM = Pattern.compile("^(?:[-*+]|\\d+[.)])\\s");

  /** A question mark at the end, before closing quotes or brackets. */
  private static final Pattern QUESTION = Pattern.compile("\\?[\"'”’»)\\]]*\\s*$");

  /** A section number's parts at the start of a {@link #normalised} text: "2 5 " of "2.5 …". */
  private static final Pattern SECTION_NUMBER = Pattern.compile("^(?:\\p{N}+ )+");

  private final int maxSentences;
  private final double margin;
  private final double overlapWeight;

  public ExtractiveComposer() {
    this(DEFAULT_MAX_SENTENCES, DEFAULT_MARGIN, DEFAULT_OVERLAP_WEIGHT);
  }

  /**
   * @throws IllegalArgumentException if {@code maxSentences < 1}, or {@code margin} or {@code
   *     overlapWeight} is outside [0, 1]
   */
  public ExtractiveComposer(int maxSentences, double margin, double overlapWeight) {
    if (maxSentences < 1
        || !(margin >= 0 && margin <= 1)
        || !(overlapWeight >= 0 && overlapWeight <= 1)) {
      throw new IllegalArgumentException(
          "need maxSentences >= 1, and margin and overlapWeight in [0, 1]");
    }
    this.maxSentences = maxSentences;
    this.margin = margin;
    this.overlapWeight = overlapWeight;
  }

  /** The default margin and overlap weight, with at most {@code maxSentences}. */
  public static ExtractiveComposer withMaxSentences(int maxSentences) {
    return new ExtractiveComposer(maxSentences, DEFAULT_MARGIN, DEFAULT_OVERLAP_WEIGHT);
  }

  /**
   * @param numbered the sources the evidence was scored on; {@code numbered.get(i)} is {@code
   *     [i+1]}
   * @return the answer text with citations, or empty when no sentence is fit to quote
   */
  public Optional<String> compose(Evidence evidence, List<Source> numbered) {
    List<EvidenceSentence> picked = select(evidence, numbered);
    if (picked.isEmpty()) {
      return Optional.empty();
    }
    StringBuilder answer = new StringBuilder();
    for (EvidenceSentence s : picked) {
      if (s.shape() == TextShape.TABLE_ROW) {
        answer.append('\n').append(s.text().strip()).append(" [").append(s.source()).append("]\n");
      } else if (isListItem(s)) {
        answer.append('\n').append(cite(s)).append('\n');
      } else {
        answer.append(cite(s)).append(' ');
      }
    }
    return Optional.of(answer.toString().replaceAll("[ \n]*\n[ \n]*", "\n").strip());
  }

  /**
   * The sentences {@link #compose} quotes, in the order it quotes them.
   *
   * @param numbered the sources the evidence was scored on
   */
  public List<EvidenceSentence> select(Evidence evidence, List<Source> numbered) {
    List<EvidenceSentence> quotable = distinct(evidence, numbered);
    Map<String, EvidenceSentence> byPlace = new LinkedHashMap<>();
    quotable.forEach(s -> byPlace.put(s.source() + ":" + s.index(), s));
    // A lead-in with nothing fit to quote after it says nothing by itself: it is not a candidate,
    // so the next best sentence can answer instead.
    List<EvidenceSentence> best =
        quotable.stream()
            .filter(s -> !isLeadIn(s) || !introduced(s, byPlace).isEmpty())
            .sorted(Comparator.comparingDouble(this::rank).reversed())
            .toList();
    if (best.isEmpty()) {
      return List.of();
    }
    double floor = rank(best.get(0)) - margin;
    List<EvidenceSentence> picked = new ArrayList<>();
    best.stream()
        .filter(s -> rank(s) >= floor)
        .limit(maxSentences)
        .forEach(
            s -> {
              picked.add(s);
              if (isLeadIn(s)) {
                picked.addAll(introduced(s, byPlace));
              }
            });
    // Sources in the order of their best pick; within one source, document order.
    Map<Integer, List<EvidenceSentence>> bySource = new LinkedHashMap<>();
    picked.forEach(
        s -> {
          List<EvidenceSentence> group =
              bySource.computeIfAbsent(s.source(), n -> new ArrayList<>());
          if (group.stream().noneMatch(g -> g.index() == s.index())) {
            group.add(s);
          }
        });
    List<EvidenceSentence> ordered = new ArrayList<>();
    for (List<EvidenceSentence> group : bySource.values()) {
      group.sort(Comparator.comparingInt(EvidenceSentence::index));
      ordered.addAll(group);
    }
    return ordered;
  }

  /**
   * What a lead-in introduces among the quotable sentences ({@code byPlace}, keyed {@code
   * "source:index"}): the list items right after it (at most {@link #MAX_INTRODUCED}), else the one
   * sentence after it; empty when what follows is not fit to quote.
   */
  private static List<EvidenceSentence> introduced(
      EvidenceSentence leadIn, Map<String, EvidenceSentence> byPlace) {
    List<EvidenceSentence> introduced = new ArrayList<>();
    for (int i = leadIn.index() + 1; introduced.size() < MAX_INTRODUCED; i++) {
      EvidenceSentence next = byPlace.get(leadIn.source() + ":" + i);
      if (next == null || (!introduced.isEmpty() && !isListItem(next))) {
        break;
      }
      introduced.add(next);
      if (!isListItem(next)) {
        break; // a lead-in into prose: the one sentence it introduces
      }
    }
    return introduced;
  }

  /** A sentence that ends in a colon: it announces what follows and says little by itself. */
  private static boolean isLeadIn(EvidenceSentence s) {
    return s.shape() == TextShape.PROSE && CitationMarkers.strip(s.text()).strip().endsWith(":");
  }

  private static boolean isListItem(EvidenceSentence s) {
    return LIST_ITEM.matcher(s.text().strip()).find();
  }

  /** How well a sentence answers: its in-context cosine plus its share of the question's words. */
  private double rank(EvidenceSentence s) {
    return s.inContext() + overlapWeight * s.coverage();
  }

  /** Quotable sentences, each text once, from its best-located source. */
  private static List<EvidenceSentence> distinct(Evidence evidence, List<Source> numbered) {
    Set<String> rules =
        evidence.sentences().stream()
            .filter(s -> TextShape.isTableRule(s.text()))
            .map(s -> s.source() + ":" + s.index())
            .collect(Collectors.toSet());
    Set<String> headings = headings(numbered);
    Map<String, EvidenceSentence> byText = new LinkedHashMap<>();
    for (EvidenceSentence s : evidence.sentences()) {
      if (s.shape() == TextShape.DEBRIS
          || isQuestion(s)
          || headings.contains(unnumbered(s.text()))
          || isTableHeader(s, rules)) {
        continue;
      }
      byText.merge(
          normalised(s.text()),
          s,
          (kept, other) -> located(numbered, other) && !located(numbered, kept) ? other : kept);
    }
    return List.copyOf(byText.values());
  }

  /** A sentence that ends in a question mark, before any closing quote or bracket. */
  private static boolean isQuestion(EvidenceSentence s) {
    return QUESTION.matcher(CitationMarkers.strip(s.text())).find();
  }

  /** Every source's title and headings, {@link #unnumbered}. */
  private static Set<String> headings(List<Source> numbered) {
    Set<String> headings = new HashSet<>();
    for (Source source : numbered) {
      headings.add(unnumbered(source.title()));
      source.headingPath().forEach(h -> headings.add(unnumbered(h)));
    }
    headings.remove("");
    return headings;
  }

  /** {@link #normalised}, without a leading section number ("2.5 The Closure API"). */
  private static String unnumbered(String text) {
    return SECTION_NUMBER.matcher(normalised(text)).replaceFirst("");
  }

  /**
   * Whether the sentence is a table row with the table's rule ({@code |---|---|}) right after it.
   */
  private static boolean isTableHeader(EvidenceSentence s, Set<String> rules) {
    return s.shape() == TextShape.TABLE_ROW && rules.contains(s.source() + ":" + (s.index() + 1));
  }

  private static boolean located(List<Source> numbered, EvidenceSentence s) {
    return numbered.get(s.source() - 1).located();
  }

  /** Case, whitespace and punctuation folded: the same sentence from two formats compares equal. */
  static String normalised(String sentence) {
    return CitationMarkers.strip(sentence)
        .toLowerCase(Locale.ROOT)
        .replaceAll("[^\\p{L}\\p{N}]+", " ")
        .strip();
  }

  /**
   * "Text [n]." with the marker before the final punctuation (or colon), as a model would write it.
   */
  private static String cite(EvidenceSentence s) {
    String text = s.text().strip();
    char last = text.charAt(text.length() - 1);
    if (last == '.' || last == '!' || last == '?' || last == ':') {
      return text.substring(0, text.length() - 1) + " [" + s.source() + "]" + last;
    }
    return text + " [" + s.source() + "].";
  }
}
