package dev.quarry.generator.grounding;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What the retrieved sources hold for one question: each of their sentences scored against it
 * ({@link EvidenceScorer}). The answerability decision and the extractive composer both read it.
 *
 * @param question the question as asked
 * @param sentences every source sentence, in source order, then in each source's order
 * @param relevance the best retrieval cosine of the sources ({@link
 *     dev.quarry.generator.Source#relevance()}), or NaN when none is known
 */
public record Evidence(String question, List<EvidenceSentence> sentences, double relevance) {

  public Evidence {
    sentences = List.copyOf(sentences);
  }

  /** The best-supported sentence that is not debris. */
  public Optional<EvidenceSentence> best() {
    return sentences.stream()
        .filter(s -> s.shape() != TextShape.DEBRIS)
        .max(Comparator.comparingDouble(EvidenceSentence::score));
  }

  /** The highest embedding similarity of a source sentence (not debris) to the question. */
  public double bestSimilarity() {
    return sentences.stream()
        .filter(s -> s.shape() != TextShape.DEBRIS)
        .mapToDouble(EvidenceSentence::similarity)
        .max()
        .orElse(0);
  }

  /**
   * How strongly the sources hold the question's subject, in [0, 1]: the mean of the best passage's
   * retrieval cosine (the question embedded as a query, the passage as a passage) and the best
   * sentence's similarity to the question; the sentence similarity alone when the retrieval cosine
   * is unknown. 0 when there is no sentence. {@link Answerability} compares it with the threshold.
   */
  public double strength() {
    if (sentences.isEmpty()) {
      return 0;
    }
    double similarity = Math.max(0, bestSimilarity());
    return Double.isNaN(relevance) ? similarity : (Math.max(0, relevance) + similarity) / 2;
  }
}
