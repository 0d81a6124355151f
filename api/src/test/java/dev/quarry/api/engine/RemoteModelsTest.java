package dev.quarry.api.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.api.QuarryConfig;
import dev.quarry.generator.WhenUnavailable;
import dev.quarry.generator.openai.OpenAiLanguageModel;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code quarry.generator.openai.*} to the generator's model, and the start-up errors it gives. */
class RemoteModelsTest {

  /** The settings as an operator writes them. */
  private record Settings(
      Optional<String> baseUrl,
      Optional<String> model,
      Optional<String> apiKey,
      Duration timeout,
      int contextWindow,
      boolean stream,
      WhenUnavailable onUnavailable)
      implements QuarryConfig.OpenAi {

    static Settings of(String baseUrl, String model) {
      return new Settings(
          Optional.ofNullable(baseUrl),
          Optional.ofNullable(model),
          Optional.of("sk-local"),
          Duration.ofSeconds(20),
          8192,
          false,
          WhenUnavailable.FAIL);
    }
  }

  @Test
  void should_build_the_model_from_every_setting() {
    // when
    OpenAiLanguageModel model =
        RemoteModels.openAi(Settings.of("http://localhost:11434/v1", "llama3.2:3b"));

    // then
    assertThat(model.settings().baseUrl()).isEqualTo("http://localhost:11434/v1");
    assertThat(model.settings().model()).isEqualTo("llama3.2:3b");
    assertThat(model.settings().apiKey()).contains("sk-local");
    assertThat(model.settings().timeout()).isEqualTo(Duration.ofSeconds(20));
    assertThat(model.contextWindow()).isEqualTo(8192);
    assertThat(model.settings().streaming()).isFalse();
  }

  @Test
  void should_refuse_to_start_without_a_base_url_naming_the_key() {
    assertThatThrownBy(() -> RemoteModels.openAi(Settings.of(null, "llama3.2:3b")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("quarry.generator.openai.base-url")
        .hasMessageContaining("http://localhost:11434/v1");
  }

  @Test
  void should_refuse_to_start_without_a_model_naming_the_key() {
    assertThatThrownBy(() -> RemoteModels.openAi(Settings.of("http://localhost:8000/v1", null)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("quarry.generator.openai.model")
        .hasMessageContaining("http://localhost:8000/v1/models");
  }

  @Test
  void should_refuse_to_start_with_a_base_url_that_is_not_http() {
    assertThatThrownBy(() -> RemoteModels.openAi(Settings.of("localhost:11434", "llama3.2:3b")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("quarry.generator.openai.*")
        .hasMessageContaining("http(s)");
  }
}
