package dev.quarry.generator.grounding;

import java.util.List;

/**
 * How well one answer sentence is backed by the sources it cites.
 *
 * @param sentence the sentence as written, markers included
 * @param citedNumbers the valid {@code [n]} in it
 * @param similarity best cosine between the sentence and a sentence of a cited source
 * @param overlap share of its content words found in the cited sources
 * @param supported whether the combined score reaches the threshold (false with no citation)
 */
public record SentenceSupport(
    String sentence,
    List<Integer> citedNumbers,
    double similarity,
    double overlap,
    boolean supported) {
  public SentenceSupport {
    citedNumbers = List.copyOf(citedNumbers);
  }
}
