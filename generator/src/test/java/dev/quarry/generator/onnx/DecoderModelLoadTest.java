package dev.quarry.generator.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.generator.GeneratorException;
import dev.quarry.generator.testing.TinyModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model folder with something wrong in it gives one clear error naming the folder. */
class DecoderModelLoadTest {

  @TempDir Path temp;

  @Test
  void should_name_the_missing_file_when_a_model_file_is_missing() throws IOException {
    // given
    Path folder = copyOf("tiny-llama");
    Files.delete(folder.resolve("tokenizer_config.json"));

    // when / then
    assertThatThrownBy(() -> DecoderModel.load(folder, EngineOptions.DEFAULT))
        .isInstanceOf(GeneratorException.class)
        .hasMessageContaining("missing tokenizer_config.json")
        .satisfies(e -> assertThat(((GeneratorException) e).modelPath()).contains(folder));
  }

  @Test
  void should_say_there_is_no_graph_when_model_onnx_is_missing() throws IOException {
    // given
    Path folder = copyOf("tiny-llama");
    Files.delete(folder.resolve("model.onnx"));

    // when / then
    assertThatThrownBy(() -> DecoderModel.load(folder, EngineOptions.DEFAULT))
        .isInstanceOf(GeneratorException.class)
        .hasMessageContaining("no ONNX graph");
  }

  @Test
  void should_name_the_file_when_config_json_is_malformed() throws IOException {
    // given
    Path folder = copyOf("tiny-llama");
    Files.writeString(folder.resolve("config.json"), "{\"model_type\": \"llama\", ");

    // when / then
    assertThatThrownBy(() -> DecoderModel.load(folder, EngineOptions.DEFAULT))
        .isInstanceOf(GeneratorException.class)
        .hasMessageContaining("malformed config.json");
  }

  @Test
  void should_fail_clearly_when_the_onnx_graph_is_corrupt() throws IOException {
    // given
    Path folder = copyOf("tiny-gpt2");
    Files.write(folder.resolve("model.onnx"), new byte[] {1, 2, 3, 4});

    // when / then
    assertThatThrownBy(() -> DecoderModel.load(folder, EngineOptions.DEFAULT))
        .isInstanceOf(GeneratorException.class)
        .hasMessageContaining("cannot open the ONNX model");
  }

  @Test
  void should_list_supported_families_when_the_architecture_is_unsupported() throws IOException {
    // given
    Path folder = copyOf("tiny-llama");
    String config = Files.readString(folder.resolve("config.json"));
    Files.writeString(
        folder.resolve("config.json"),
        config.replace("\"model_type\": \"llama\"", "\"model_type\": \"bert\""));

    // when / then
    assertThatThrownBy(() -> DecoderModel.load(folder, EngineOptions.DEFAULT))
        .isInstanceOf(GeneratorException.class)
        .hasMessageContaining("unsupported architecture 'bert'")
        .hasMessageContaining("qwen2");
  }

  @Test
  void should_name_the_inputs_it_cannot_feed_when_the_graph_has_unknown_inputs() throws Exception {
    // given: a decoder-shaped graph that also takes token_type_ids
    Path folder = copyOf("tiny-gpt2");
    Files.copy(
        Path.of(DecoderModelLoadTest.class.getResource("/graphs/extra-input.onnx").toURI()),
        folder.resolve("model.onnx"),
        StandardCopyOption.REPLACE_EXISTING);

    // when / then
    assertThatThrownBy(() -> DecoderModel.load(folder, EngineOptions.DEFAULT))
        .isInstanceOf(GeneratorException.class)
        .hasMessageContaining("does not know how to feed: [token_type_ids]");
  }

  @Test
  void should_feed_num_logits_to_keep_when_the_graph_takes_it() {
    // given: a graph whose logits cover only the last num_logits_to_keep positions
    DecoderModel model = TinyModels.model("tiny-qwen2");
    TinyModels.Case c = TinyModels.cases("tiny-qwen2").get(0);

    // when
    float[] logits;
    try (KvCache cache = model.newCache(1)) {
      logits = model.prefill(cache, java.util.List.of(c.promptIds()))[0];
    }

    // then: it loads, is fed 1, and the one position it computes is the prompt's last
    assertThat(model.signature().logitsToKeep()).contains("num_logits_to_keep");
    assertThat(logits)
        .containsExactly(c.prefillLogits(), org.assertj.core.api.Assertions.within(1e-4f));
  }

  @Test
  void should_refuse_num_logits_to_keep_when_it_is_not_an_int64_scalar() throws Exception {
    // given: a decoder-shaped graph that declares num_logits_to_keep as a float
    Path folder = copyOf("tiny-gpt2");
    Files.copy(
        Path.of(
            DecoderModelLoadTest.class.getResource("/graphs/float-logits-to-keep.onnx").toURI()),
        folder.resolve("model.onnx"),
        StandardCopyOption.REPLACE_EXISTING);

    // when / then
    assertThatThrownBy(() -> DecoderModel.load(folder, EngineOptions.DEFAULT))
        .isInstanceOf(GeneratorException.class)
        .hasMessageContaining("num_logits_to_keep must be an int64 scalar");
  }

  @Test
  void should_read_the_signature_from_the_session_when_loading() {
    // when
    DecoderSignature gpt2 = TinyModels.model("tiny-gpt2").signature();
    DecoderSignature llama = TinyModels.model("tiny-llama").signature();

    // then: GPT-2 has no position_ids; the Llama model has grouped-query attention
    assertThat(gpt2.hasPositionIds()).isFalse();
    assertThat(gpt2.kvHeads()).isEqualTo(4);
    assertThat(llama.hasPositionIds()).isTrue();
    assertThat(llama.kvHeads()).isEqualTo(2);
    assertThat(TinyModels.model("tiny-llama").config().attentionHeads()).isEqualTo(4);
    assertThat(llama.layers()).isEqualTo(2);
    assertThat(llama.pastNames()).startsWith("past_key_values.0.key", "past_key_values.0.value");
  }

  @Test
  void should_find_the_merged_graph_with_external_data_and_fp16_cache_when_loading() {
    // when: onnx/decoder_model_merged.onnx + .onnx_data, float16 past/present, use_cache_branch
    DecoderModel model = TinyModels.model("tiny-llama-fp16kv");

    // then
    assertThat(model.signature().kvType()).isEqualTo(ai.onnxruntime.OnnxJavaType.FLOAT16);
    assertThat(model.signature().hasCacheBranch()).isTrue();
    assertThat(model.signature().kvHeads()).isEqualTo(2);
  }

  @Test
  void should_reproduce_pytorch_tokens_when_threads_spin_instead_of_sleeping() {
    // given: the default lets idle threads sleep; spinning is ONNX Runtime's own default
    EngineOptions spinning = EngineOptions.DEFAULT.withThreads(2, 1).withSpinning(true);
    TinyModels.Case c = TinyModels.cases("tiny-qwen2-q4").get(2);

    // when
    long[] ids;
    try (DecoderModel model = DecoderModel.load(TinyModels.path("tiny-qwen2-q4"), spinning)) {
      ids =
          DecoderReferenceTest.greedyWithCache(
              model, c.promptIds(), c.greedyIds().length, new java.util.ArrayList<>());
    }

    // then
    assertThat(ids).containsExactly(c.greedyIds());
  }

  @Test
  void should_fall_back_to_cpu_when_auto_finds_no_cuda() {
    // given: the default build carries the CPU-only ONNX Runtime
    EngineOptions auto = EngineOptions.DEFAULT.withProvider(ExecutionProvider.AUTO, 0);

    // when
    try (DecoderModel model = DecoderModel.load(TinyModels.path("tiny-gpt2"), auto)) {
      // then
      assertThat(model.provider()).isEqualTo(ExecutionProvider.CPU);
    }
  }

  @Test
  void should_fail_clearly_when_cuda_is_required_but_missing() {
    // given
    EngineOptions cuda = EngineOptions.DEFAULT.withProvider(ExecutionProvider.CUDA, 0);

    // when / then
    assertThatThrownBy(() -> DecoderModel.load(TinyModels.path("tiny-gpt2"), cuda))
        .isInstanceOf(GeneratorException.class)
        .hasMessageContaining("CUDA");
  }

  private Path copyOf(String name) throws IOException {
    Path source = TinyModels.path(name);
    Path target = temp.resolve(name);
    Files.createDirectories(target);
    try (Stream<Path> files = Files.list(source)) {
      for (Path file : files.toList()) {
        Files.copy(file, target.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return target;
  }
}
