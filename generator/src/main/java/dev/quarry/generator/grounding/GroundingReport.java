package dev.quarry.generator.grounding;

import java.util.List;

/**
 * The grounding check of a whole answer.
 *
 * @param sentences one entry per answer sentence, in order
 */
public record GroundingReport(List<SentenceSupport> sentences) {

  public static final GroundingReport EMPTY = new GroundingReport(List.of());

  public GroundingReport {
    sentences = List.copyOf(sentences);
  }

  /** Sentences that no cited source supports. */
  public List<SentenceSupport> unsupported() {
    return sentences.stream().filter(s -> !s.supported()).toList();
  }

  /** True when at least one sentence is supported. */
  public boolean anySupported() {
    return sentences.stream().anyMatch(SentenceSupport::supported);
  }
}
