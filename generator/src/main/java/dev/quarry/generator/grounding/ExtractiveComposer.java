package dev.quarry.generator.grounding;

import dev.quarry.generator.Source;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Answers without a generator model, from the sources' own sentences ({@link Evidence}, scored
 * against the question):
 *
 * <ol>
 *   <li>drop debris (table rules, pipes, numbers, code: {@link TextShape#DEBRIS});
 *   <li>say each sentence once: the same text from two formats of one document, or from overlapping
 *       chunks, is kept from the source that has a page or heading path;
 *   <li>pick the best sentences, at most {@code maxSentences}, each scoring at least {@code
 *       relativeScore} of the best one, so weak filler stays out;
 *   <li>group them by source, the source of the best sentence first, and keep each source's
 *       sentences in document order, so they read as a paragraph;
 *   <li>cite each sentence {@code [n]}; a table row is quoted on a line of its own, as a row.
 * </ol>
 *
 * Whether to answer at all is not decided here but by {@link Answerability}. Thread-safe.
 */
public final class ExtractiveComposer {

  /** Most sentences in one answer. */
  public static final int DEFAULT_MAX_SENTENCES = 3;

  /** Later picks must score at least this share of the best one. */
  public static final double DEFAULT_RELATIVE_SCORE = 0.8;

  /**
   * How much less a sentence counts for each place its passage stands below the first in the
   * retriever's ranking: its score is multiplied by {@code (1 − decay)^(rank − 1)}.
   */
  public static final double DEFAULT_RANK_DECAY = 0.0;

  private final int maxSentences;
  private final double relativeScore;
  private final double rankDecay;

  public ExtractiveComposer() {
    this(DEFAULT_MAX_SENTENCES, DEFAULT_RELATIVE_SCORE, DEFAULT_RANK_DECAY);
  }

  public ExtractiveComposer(int maxSentences, double relativeScore) {
    this(maxSentences, relativeScore, DEFAULT_RANK_DECAY);
  }

  /**
   * @throws IllegalArgumentException if {@code maxSentences < 1}, or {@code relativeScore} or
   *     {@code rankDecay} is outside [0, 1]
   */
  public ExtractiveComposer(int maxSentences, double relativeScore, double rankDecay) {
    if (maxSentences < 1
        || !(relativeScore >= 0 && relativeScore <= 1)
        || !(rankDecay >= 0 && rankDecay < 1)) {
      throw new IllegalArgumentException(
          "need maxSentences >= 1, relativeScore in [0, 1] and rankDecay in [0, 1)");
    }
    this.maxSentences = maxSentences;
    this.relativeScore = relativeScore;
    this.rankDecay = rankDecay;
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
      } else {
        answer.append(cite(s)).append(' ');
      }
    }
    return Optional.of(answer.toString().replaceAll(" *\n *", "\n").strip());
  }

  /**
   * The sentences {@link #compose} quotes, in the order it quotes them.
   *
   * @param numbered the sources the evidence was scored on
   */
  public List<EvidenceSentence> select(Evidence evidence, List<Source> numbered) {
    List<EvidenceSentence> best = new ArrayList<>(distinct(evidence, numbered));
    best.sort(Comparator.comparingDouble(this::ranked).reversed());
    if (best.isEmpty()) {
      return List.of();
    }
    double floor = relativeScore * ranked(best.get(0));
    List<EvidenceSentence> picked =
        best.stream().filter(s -> ranked(s) >= floor).limit(maxSentences).toList();
    // Sources in the order of their best pick; within one source, document order.
    Map<Integer, List<EvidenceSentence>> bySource = new LinkedHashMap<>();
    picked.forEach(s -> bySource.computeIfAbsent(s.source(), n -> new ArrayList<>()).add(s));
    List<EvidenceSentence> ordered = new ArrayList<>();
    for (List<EvidenceSentence> group : bySource.values()) {
      group.sort(Comparator.comparingInt(EvidenceSentence::index));
      ordered.addAll(group);
    }
    return ordered;
  }

  /** A sentence's score, lowered by its passage's place in the retriever's ranking. */
  private double ranked(EvidenceSentence s) {
    return s.score() * Math.pow(1 - rankDecay, s.source() - 1);
  }

  /** Quotable sentences, each text once, from its best-located source. */
  private static List<EvidenceSentence> distinct(Evidence evidence, List<Source> numbered) {
    Map<String, EvidenceSentence> byText = new LinkedHashMap<>();
    for (EvidenceSentence s : evidence.sentences()) {
      if (s.shape() == TextShape.DEBRIS) {
        continue;
      }
      byText.merge(
          normalised(s.text()),
          s,
          (kept, other) -> located(numbered, other) && !located(numbered, kept) ? other : kept);
    }
    return List.copyOf(byText.values());
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

  /** "Text [n]." with the marker before the final punctuation, as a model would write it. */
  private static String cite(EvidenceSentence s) {
    String text = s.text().strip();
    char last = text.charAt(text.length() - 1);
    if (last == '.' || last == '!' || last == '?') {
      return text.substring(0, text.length() - 1) + " [" + s.source() + "]" + last;
    }
    return text + " [" + s.source() + "].";
  }
}
