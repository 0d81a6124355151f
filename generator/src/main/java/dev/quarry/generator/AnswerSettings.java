package dev.quarry.generator;

import dev.quarry.generator.grounding.Answerability;
import dev.quarry.generator.grounding.ExtractiveComposer;
import dev.quarry.generator.prompt.PromptBuilder;
import dev.quarry.generator.sampling.SamplingSettings;
import java.util.Objects;

/**
 * How {@link AnswerGenerator} writes answers.
 *
 * @param maxAnswerTokens tokens reserved for the answer in the context window, and its cap
 * @param sampling how the model chooses tokens (greedy by default: answers should be stable)
 * @param instruction the system instruction of the prompt
 * @param minEvidence the evidence strength a question needs to be answered ({@link Answerability});
 *     0 never declines for weak evidence
 * @param maxSentences most sentences in an extractive answer
 */
public record AnswerSettings(
    int maxAnswerTokens,
    SamplingSettings sampling,
    String instruction,
    double minEvidence,
    int maxSentences) {

  public static final int DEFAULT_MAX_ANSWER_TOKENS = 384;

  public static final AnswerSettings DEFAULT =
      new AnswerSettings(
          DEFAULT_MAX_ANSWER_TOKENS,
          SamplingSettings.GREEDY,
          PromptBuilder.DEFAULT_INSTRUCTION,
          Answerability.DEFAULT_MIN_EVIDENCE,
          ExtractiveComposer.DEFAULT_MAX_SENTENCES);

  /**
   * @throws IllegalArgumentException for a token cap or sentence count below 1, or a threshold
   *     outside [0, 1]
   */
  public AnswerSettings {
    if (maxAnswerTokens < 1) {
      throw new IllegalArgumentException("maxAnswerTokens must be >= 1, got " + maxAnswerTokens);
    }
    Objects.requireNonNull(sampling, "sampling");
    Objects.requireNonNull(instruction, "instruction");
    Answerability.checkThreshold(minEvidence);
    if (maxSentences < 1) {
      throw new IllegalArgumentException("maxSentences must be >= 1, got " + maxSentences);
    }
  }

  public AnswerSettings withMinEvidence(double minEvidence) {
    return new AnswerSettings(maxAnswerTokens, sampling, instruction, minEvidence, maxSentences);
  }
}
