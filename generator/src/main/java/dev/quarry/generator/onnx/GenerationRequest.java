package dev.quarry.generator.onnx;

import dev.quarry.generator.sampling.SamplingSettings;
import java.util.List;
import java.util.Objects;

/**
 * What to generate and when to stop.
 *
 * @param maxNewTokens most tokens to generate, at least 1
 * @param sampling how to choose each token
 * @param stopStrings generation ends before the first of these appears; none is in the result
 */
public record GenerationRequest(
    int maxNewTokens, SamplingSettings sampling, List<String> stopStrings) {

  public static final int DEFAULT_MAX_NEW_TOKENS = 512;

  public GenerationRequest {
    if (maxNewTokens < 1) {
      throw new IllegalArgumentException("maxNewTokens must be >= 1, got " + maxNewTokens);
    }
    Objects.requireNonNull(sampling, "sampling");
    stopStrings = List.copyOf(stopStrings);
    if (stopStrings.stream().anyMatch(String::isEmpty)) {
      throw new IllegalArgumentException("stop strings must not be empty");
    }
  }

  /** Greedy, no stop strings. */
  public static GenerationRequest greedy(int maxNewTokens) {
    return new GenerationRequest(maxNewTokens, SamplingSettings.GREEDY, List.of());
  }
}
