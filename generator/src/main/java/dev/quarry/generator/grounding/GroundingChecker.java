package dev.quarry.generator.grounding;

import dev.quarry.generator.Source;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Scores every answer sentence against the sources it cites ({@link SupportScore}: the best
 * embedding similarity to one of their sentences, blended with the share of its content words they
 * contain). A sentence below the threshold, or citing nothing, is flagged unsupported. Thread-safe
 * if the embedder is.
 */
public final class GroundingChecker {

  /** Score a sentence needs to count as supported. */
  public static final double DEFAULT_THRESHOLD = 0.5;

  private final SentenceEmbedder embedder;
  private final SupportScore support;
  private final double threshold;

  public GroundingChecker(SentenceEmbedder embedder) {
    this(embedder, SupportScore.DEFAULT, DEFAULT_THRESHOLD);
  }

  /**
   * @throws IllegalArgumentException if the threshold is outside [0, 1]
   */
  public GroundingChecker(SentenceEmbedder embedder, SupportScore support, double threshold) {
    this.embedder = Objects.requireNonNull(embedder, "embedder");
    this.support = Objects.requireNonNull(support, "support");
    if (!(threshold >= 0 && threshold <= 1)) {
      throw new IllegalArgumentException("threshold must be in [0, 1], got " + threshold);
    }
    this.threshold = threshold;
  }

  /**
   * @param answer the answer with its {@code [n]} markers
   * @param numbered the prompt's sources: {@code numbered.get(i)} is {@code [i+1]}
   */
  public GroundingReport check(String answer, List<Source> numbered) {
    List<String> sentences = SentenceSplitter.split(answer);
    List<List<String>> sourceSentences =
        numbered.stream().map(s -> SentenceSplitter.split(s.text())).toList();
    List<String> all = new ArrayList<>(sentences);
    sourceSentences.forEach(all::addAll);
    float[][] vectors = all.isEmpty() ? new float[0][] : embedder.embed(all);
    int[] offsets = new int[numbered.size()]; // index in vectors of each source's first sentence
    for (int s = 0, next = sentences.size(); s < numbered.size(); s++) {
      offsets[s] = next;
      next += sourceSentences.get(s).size();
    }
    List<SentenceSupport> out = new ArrayList<>();
    for (int i = 0; i < sentences.size(); i++) {
      List<Integer> cited = CitationMarkers.validNumbersIn(sentences.get(i), numbered.size());
      out.add(
          score(sentences.get(i), vectors[i], cited, numbered, sourceSentences, offsets, vectors));
    }
    return new GroundingReport(out);
  }

  private SentenceSupport score(
      String sentence,
      float[] vector,
      List<Integer> cited,
      List<Source> numbered,
      List<List<String>> sourceSentences,
      int[] offsets,
      float[][] vectors) {
    double similarity = 0;
    Set<String> sourceWords = new HashSet<>();
    for (int n : cited) {
      sourceWords.addAll(ContentWords.of(numbered.get(n - 1).text()));
      int offset = offsets[n - 1];
      for (int j = 0; j < sourceSentences.get(n - 1).size(); j++) {
        similarity = Math.max(similarity, ContentWords.cosine(vector, vectors[offset + j]));
      }
    }
    double overlap = ContentWords.overlap(ContentWords.of(sentence), sourceWords);
    double combined = support.score(similarity, overlap);
    return new SentenceSupport(
        sentence, cited, similarity, overlap, !cited.isEmpty() && combined >= threshold);
  }
}
