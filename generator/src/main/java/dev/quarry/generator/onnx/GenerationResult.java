package dev.quarry.generator.onnx;

import java.util.Objects;

/**
 * One generated sequence.
 *
 * @param text the generated text (no end-of-sequence marker, no stop string)
 * @param tokenIds the generated ids, end-of-sequence id included when there was one
 * @param promptTokens tokens in the prompt
 * @param finishReason why it ended
 * @param timings where the time went
 */
public record GenerationResult(
    String text,
    long[] tokenIds,
    int promptTokens,
    FinishReason finishReason,
    GenerationTimings timings) {
  public GenerationResult {
    Objects.requireNonNull(text, "text");
    tokenIds = tokenIds.clone();
    Objects.requireNonNull(finishReason, "finishReason");
    Objects.requireNonNull(timings, "timings");
  }

  @Override
  public long[] tokenIds() {
    return tokenIds.clone();
  }
}
