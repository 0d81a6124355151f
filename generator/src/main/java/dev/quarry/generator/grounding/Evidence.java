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
 * @param sourceCoverage per source (index {@code n − 1}), the share of the question's content words
 *     found anywhere in it
 */
public record Evidence(String question, List<EvidenceSentence> sentences, double[] sourceCoverage) {

  public Evidence {
    sentences = List.copyOf(sentences);
    sourceCoverage = sourceCoverage.clone();
  }

  @Override
  public double[] sourceCoverage() {
    return sourceCoverage.clone();
  }

  /** The best-supported sentence that is not debris. */
  public Optional<EvidenceSentence> best() {
    return sentences.stream()
        .filter(s -> s.shape() != TextShape.DEBRIS)
        .max(Comparator.comparingDouble(EvidenceSentence::score));
  }

  /** The support score of the best sentence that is not debris; 0 when there is none. */
  public double strength() {
    return best().map(EvidenceSentence::score).orElse(0.0);
  }
}
