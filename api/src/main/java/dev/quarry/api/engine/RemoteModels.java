package dev.quarry.api.engine;

import dev.quarry.api.QuarryConfig;
import dev.quarry.generator.openai.OpenAiLanguageModel;
import dev.quarry.generator.openai.OpenAiSettings;

/** Turns {@code quarry.generator.openai.*} into the generator's OpenAI-compatible model. */
final class RemoteModels {

  private RemoteModels() {}

  /**
   * @throws IllegalStateException when the base URL or model is missing or malformed, naming the
   *     key to set
   */
  static OpenAiLanguageModel openAi(QuarryConfig.OpenAi config) {
    String baseUrl =
        config
            .baseUrl()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "quarry.generator.backend is openai but quarry.generator.openai.base-url"
                            + " is not set; set it to the server's API root, such as"
                            + " http://localhost:11434/v1 for Ollama."));
    String model =
        config
            .model()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "quarry.generator.backend is openai but quarry.generator.openai.model is"
                            + " not set; set it to a model the server has (GET "
                            + baseUrl
                            + "/models lists them)."));
    try {
      return new OpenAiLanguageModel(
          new OpenAiSettings(
              baseUrl,
              model,
              config.apiKey(),
              config.timeout(),
              config.contextWindow(),
              config.stream()));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          "quarry.generator.openai.* cannot be used: " + e.getMessage(), e);
    }
  }
}
