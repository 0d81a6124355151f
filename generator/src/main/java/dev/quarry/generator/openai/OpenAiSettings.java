package dev.quarry.generator.openai;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the OpenAI-compatible server is and how to talk to it.
 *
 * @param baseUrl the server's OpenAI API root, up to and including {@code /v1} (such as {@code
 *     http://localhost:11434/v1} for Ollama)
 * @param model the model name the server knows
 * @param apiKey sent as {@code Authorization: Bearer}; empty for servers that take none
 * @param timeout longest wait to connect, for the first reply, and between two streamed pieces
 * @param contextWindow tokens the server's model takes, prompt and answer together; the prompt's
 *     sources are packed to fit it
 * @param streaming whether to ask for the answer as a stream of pieces (else in one reply)
 */
public record OpenAiSettings(
    String baseUrl,
    String model,
    Optional<String> apiKey,
    Duration timeout,
    int contextWindow,
    boolean streaming) {

  /** Ollama's default context window; larger servers should say theirs. */
  public static final int DEFAULT_CONTEXT_WINDOW = 4096;

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  /**
   * @throws IllegalArgumentException for a base URL that is not http(s), a blank model name, a
   *     timeout that is not positive or a context window below 256 tokens
   */
  public OpenAiSettings {
    Objects.requireNonNull(baseUrl, "baseUrl");
    String scheme = URI.create(baseUrl).getScheme();
    if (!"http".equals(scheme) && !"https".equals(scheme)) {
      throw new IllegalArgumentException("baseUrl must be an http(s) URL, got '" + baseUrl + "'");
    }
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("model must name the server's model");
    }
    apiKey = Objects.requireNonNull(apiKey, "apiKey").filter(k -> !k.isBlank());
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
    if (contextWindow < 256) {
      throw new IllegalArgumentException("contextWindow must be >= 256, got " + contextWindow);
    }
  }

  /** A streaming client with the default timeout and context window, and no key. */
  public static OpenAiSettings of(String baseUrl, String model) {
    return new OpenAiSettings(
        baseUrl, model, Optional.empty(), DEFAULT_TIMEOUT, DEFAULT_CONTEXT_WINDOW, true);
  }

  public OpenAiSettings withApiKey(String key) {
    return new OpenAiSettings(
        baseUrl, model, Optional.ofNullable(key), timeout, contextWindow, streaming);
  }

  public OpenAiSettings withTimeout(Duration timeout) {
    return new OpenAiSettings(baseUrl, model, apiKey, timeout, contextWindow, streaming);
  }

  public OpenAiSettings withStreaming(boolean streaming) {
    return new OpenAiSettings(baseUrl, model, apiKey, timeout, contextWindow, streaming);
  }
}
