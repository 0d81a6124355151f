package dev.quarry.generator;

import dev.quarry.generator.prompt.PromptBuilder;
import dev.quarry.generator.sampling.SamplingSettings;
import java.util.Objects;

/**
 * How {@link AnswerGenerator} writes answers.
 *
 * @param maxAnswerTokens tokens reserved for the answer in the context window, and its cap
 * @param sampling how the model chooses tokens (greedy by default: answers should be stable)
 * @param instruction the system instruction of the prompt
 */
public record AnswerSettings(int maxAnswerTokens, SamplingSettings sampling, String instruction) {

  public static final int DEFAULT_MAX_ANSWER_TOKENS = 384;

  public static final AnswerSettings DEFAULT =
      new AnswerSettings(
          DEFAULT_MAX_ANSWER_TOKENS, SamplingSettings.GREEDY, PromptBuilder.DEFAULT_INSTRUCTION);

  public AnswerSettings {
    if (maxAnswerTokens < 1) {
      throw new IllegalArgumentException("maxAnswerTokens must be >= 1, got " + maxAnswerTokens);
    }
    Objects.requireNonNull(sampling, "sampling");
    Objects.requireNonNull(instruction, "instruction");
  }
}
