package dev.quarry.generator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.generator.GeneratorException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FileSelectionTest {

  private static final List<HubFile> ONNX_COMMUNITY =
      List.of(
          new HubFile("config.json", 10, null),
          new HubFile("generation_config.json", 10, null),
          new HubFile("tokenizer.json", 10, null),
          new HubFile("tokenizer_config.json", 10, null),
          new HubFile("README.md", 10, null),
          new HubFile("onnx/model.onnx", 100, "a".repeat(64)),
          new HubFile("onnx/model.onnx_data", 1000, "b".repeat(64)),
          new HubFile("onnx/model_q4.onnx", 50, "c".repeat(64)),
          new HubFile("onnx/model_q4.onnx_data", 500, "d".repeat(64)));

  @Test
  void should_take_one_graph_and_its_external_data_when_the_repo_has_variants() {
    // when
    List<HubFile> selected = FileSelection.select(ONNX_COMMUNITY, "onnx", Optional.empty());

    // then
    assertThat(selected)
        .extracting(HubFile::path)
        .containsExactly(
            "config.json",
            "generation_config.json",
            "tokenizer.json",
            "tokenizer_config.json",
            "onnx/model.onnx",
            "onnx/model.onnx_data");
  }

  @Test
  void should_take_the_named_variant_when_a_graph_is_given() {
    // when
    List<HubFile> selected =
        FileSelection.select(ONNX_COMMUNITY, "onnx", Optional.of("model_q4.onnx"));

    // then
    assertThat(selected)
        .extracting(HubFile::path)
        .endsWith("onnx/model_q4.onnx", "onnx/model_q4.onnx_data")
        .doesNotContain("onnx/model.onnx");
  }

  @Test
  void should_find_the_json_files_next_to_the_graph_when_the_root_has_none() {
    // given: the onnxruntime-genai layout, everything in one variant folder
    String dir = "cpu_and_mobile/cpu-int4";
    List<HubFile> files =
        List.of(
            new HubFile(dir + "/config.json", 1, null),
            new HubFile(dir + "/generation_config.json", 1, null),
            new HubFile(dir + "/tokenizer.json", 1, null),
            new HubFile(dir + "/tokenizer_config.json", 1, null),
            new HubFile(dir + "/phi3-mini.onnx", 1, null),
            new HubFile(dir + "/phi3-mini.onnx.data", 1, null));

    // when
    List<HubFile> selected = FileSelection.select(files, dir, Optional.of("phi3-mini.onnx"));

    // then
    assertThat(selected).hasSize(6);
  }

  @Test
  void should_name_the_missing_file_when_the_repo_lacks_a_tokenizer() {
    // given
    List<HubFile> files =
        ONNX_COMMUNITY.stream().filter(f -> !f.path().equals("tokenizer.json")).toList();

    // when / then
    assertThatThrownBy(() -> FileSelection.select(files, "onnx", Optional.empty()))
        .isInstanceOf(GeneratorException.class)
        .hasMessageContaining("no tokenizer.json");
  }
}
