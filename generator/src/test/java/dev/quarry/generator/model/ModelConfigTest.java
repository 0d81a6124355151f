package dev.quarry.generator.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The configuration files of the real families (abridged to the fields the engine reads). */
class ModelConfigTest {

  @TempDir Path dir;

  static Stream<Arguments> families() {
    return Stream.of(
        Arguments.of(
            "Qwen2.5-0.5B-Instruct",
            "{\"model_type\": \"qwen2\", \"hidden_size\": 896, \"num_attention_heads\": 14,"
                + " \"num_key_value_heads\": 2, \"num_hidden_layers\": 24,"
                + " \"max_position_embeddings\": 32768, \"vocab_size\": 151936,"
                + " \"bos_token_id\": 151643, \"eos_token_id\": 151645}",
            "{\"bos_token_id\": 151643, \"eos_token_id\": [151645, 151643]}",
            new ModelConfig(
                "qwen2", 24, 14, 2, 64, 151936, 32768, List.of(151645, 151643), 151643)),
        Arguments.of(
            "Llama-3.2-1B-Instruct",
            "{\"model_type\": \"llama\", \"hidden_size\": 2048, \"num_attention_heads\": 32,"
                + " \"num_key_value_heads\": 8, \"num_hidden_layers\": 16, \"head_dim\": 64,"
                + " \"max_position_embeddings\": 131072, \"vocab_size\": 128256,"
                + " \"bos_token_id\": 128000, \"eos_token_id\": [128001, 128008, 128009]}",
            "{\"bos_token_id\": 128000, \"eos_token_id\": [128001, 128008, 128009]}",
            new ModelConfig(
                "llama", 16, 32, 8, 64, 128256, 131072, List.of(128001, 128008, 128009), 128000)),
        Arguments.of(
            "Phi-3-mini-4k-instruct",
            "{\"model_type\": \"phi3\", \"hidden_size\": 3072, \"num_attention_heads\": 32,"
                + " \"num_key_value_heads\": 32, \"num_hidden_layers\": 32,"
                + " \"max_position_embeddings\": 4096, \"vocab_size\": 32064,"
                + " \"bos_token_id\": 1, \"eos_token_id\": 32000}",
            "{\"bos_token_id\": 1, \"eos_token_id\": [32000, 32001, 32007]}",
            new ModelConfig("phi3", 32, 32, 32, 96, 32064, 4096, List.of(32000, 32001, 32007), 1)),
        Arguments.of(
            "SmolLM2-360M-Instruct",
            "{\"model_type\": \"llama\", \"hidden_size\": 960, \"num_attention_heads\": 15,"
                + " \"num_key_value_heads\": 5, \"num_hidden_layers\": 32,"
                + " \"max_position_embeddings\": 8192, \"vocab_size\": 49152,"
                + " \"bos_token_id\": 1, \"eos_token_id\": 2}",
            "{\"bos_token_id\": 1, \"eos_token_id\": 2}",
            new ModelConfig("llama", 32, 15, 5, 64, 49152, 8192, List.of(2), 1)),
        Arguments.of(
            "gpt2",
            "{\"model_type\": \"gpt2\", \"n_embd\": 768, \"n_head\": 12, \"n_layer\": 12,"
                + " \"n_positions\": 1024, \"vocab_size\": 50257,"
                + " \"bos_token_id\": 50256, \"eos_token_id\": 50256}",
            "{\"bos_token_id\": 50256, \"eos_token_id\": 50256}",
            new ModelConfig("gpt2", 12, 12, 12, 64, 50257, 1024, List.of(50256), 50256)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("families")
  void should_read_layers_heads_window_and_every_eos_id_when_reading_a_family_config(
      String name, String config, String generation, ModelConfig expected) throws IOException {
    // given
    Files.writeString(dir.resolve("config.json"), config);
    Files.writeString(dir.resolve("generation_config.json"), generation);
    ModelFolder folder = new ModelFolder(dir, dir.resolve("model.onnx"));

    // when
    ModelConfig read = ModelConfig.read(folder);

    // then
    assertThat(read).isEqualTo(expected);
  }
}
