package dev.quarry.generator.grounding;

import dev.quarry.generator.Source;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Answers without a generator model: picks the source sentences that best answer the question
 * (embedding similarity to the question blended with the share of the question's content words they
 * contain), best first, each followed by its {@code [n]}. Thread-safe if the embedder is.
 */
public final class ExtractiveComposer {

  /** Most sentences in one answer. */
  public static final int DEFAULT_MAX_SENTENCES = 3;

  /** Score a sentence needs to be picked at all; below it for every sentence, abstain. */
  public static final double DEFAULT_MIN_SCORE = 0.3;

  /** Later picks must score at least this share of the best one, so weak filler stays out. */
  public static final double DEFAULT_RELATIVE_SCORE = 0.6;

  private final SentenceEmbedder embedder;
  private final int maxSentences;
  private final double minScore;

  public ExtractiveComposer(SentenceEmbedder embedder) {
    this(embedder, DEFAULT_MAX_SENTENCES, DEFAULT_MIN_SCORE);
  }

  /**
   * @throws IllegalArgumentException if {@code maxSentences < 1} or {@code minScore} is outside [0,
   *     1]
   */
  public ExtractiveComposer(SentenceEmbedder embedder, int maxSentences, double minScore) {
    this.embedder = Objects.requireNonNull(embedder, "embedder");
    if (maxSentences < 1 || minScore < 0 || minScore > 1) {
      throw new IllegalArgumentException("need maxSentences >= 1 and minScore in [0, 1]");
    }
    this.maxSentences = maxSentences;
    this.minScore = minScore;
  }

  /**
   * A picked sentence.
   *
   * @param number the source it comes from, cited as {@code [number]}
   * @param text the sentence as the source has it
   * @param score its blended similarity to the question, in [0, 1]
   */
  public record Scored(int number, String text, double score) {}

  /**
   * @param numbered the sources; {@code numbered.get(i)} is cited as {@code [i+1]}
   * @return the answer text with citations, or empty when no sentence answers the question
   */
  public Optional<String> compose(String question, List<Source> numbered) {
    List<Scored> picked = select(question, numbered);
    if (picked.isEmpty()) {
      return Optional.empty();
    }
    StringBuilder answer = new StringBuilder();
    picked.forEach(s -> answer.append(cite(s)).append(' '));
    return Optional.of(answer.toString().strip());
  }

  /**
   * The sentences {@link #compose} would use, best first; empty when none scores enough.
   *
   * @param numbered the sources; {@code numbered.get(i)} is cited as {@code [i+1]}
   */
  public List<Scored> select(String question, List<Source> numbered) {
    List<Scored> candidates = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    texts.add(question);
    for (int i = 0; i < numbered.size(); i++) {
      for (String sentence : SentenceSplitter.split(numbered.get(i).text())) {
        candidates.add(new Scored(i + 1, sentence, 0));
        texts.add(sentence);
      }
    }
    if (candidates.isEmpty()) {
      return List.of();
    }
    float[][] vectors = embedder.embed(texts);
    Set<String> questionWords = ContentWords.of(question);
    List<Scored> scored = new ArrayList<>();
    for (int i = 0; i < candidates.size(); i++) {
      Scored c = candidates.get(i);
      double similarity = ContentWords.cosine(vectors[0], vectors[i + 1]);
      double overlap = ContentWords.overlap(questionWords, ContentWords.of(c.text()));
      scored.add(new Scored(c.number(), c.text(), 0.5 * similarity + 0.5 * overlap));
    }
    scored.sort(Comparator.comparingDouble(Scored::score).reversed());
    double best = scored.get(0).score(); // below minScore, the filter leaves nothing
    return scored.stream()
        .filter(s -> s.score() >= Math.max(minScore, DEFAULT_RELATIVE_SCORE * best))
        .limit(maxSentences)
        .toList();
  }

  /** "Text [n]." with the marker before the final punctuation, as a model would write it. */
  private static String cite(Scored s) {
    String text = s.text().strip();
    char last = text.charAt(text.length() - 1);
    if (last == '.' || last == '!' || last == '?') {
      return text.substring(0, text.length() - 1) + " [" + s.number() + "]" + last;
    }
    return text + " [" + s.number() + "].";
  }
}
