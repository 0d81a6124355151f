package dev.quarry.generator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.generator.GeneratorException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a model folder's graph is found: the usual names first, else the one graph there is. */
class ModelFolderTest {

  @TempDir Path root;

  @Test
  void should_find_a_variant_graph_when_it_is_the_only_graph() throws IOException {
    // given: what `models pull ... --subfolder onnx --graph model_q4.onnx` leaves
    writeJsonFiles();
    Path graph = touch("onnx/model_q4.onnx");
    touch("onnx/model_q4.onnx_data");

    // when
    ModelFolder folder = ModelFolder.open(root);

    // then
    assertThat(folder.onnxFile()).isEqualTo(graph);
  }

  @Test
  void should_prefer_model_onnx_when_there_are_several_graphs() throws IOException {
    // given
    writeJsonFiles();
    touch("onnx/model_q4.onnx");
    Path plain = touch("onnx/model.onnx");

    // when
    ModelFolder folder = ModelFolder.open(root);

    // then
    assertThat(folder.onnxFile()).isEqualTo(plain);
  }

  @Test
  void should_name_the_graphs_when_several_variants_and_no_usual_name() throws IOException {
    // given
    writeJsonFiles();
    touch("onnx/model_q4.onnx");
    touch("onnx/model_fp16.onnx");

    // when / then
    assertThatThrownBy(() -> ModelFolder.open(root))
        .isInstanceOf(GeneratorException.class)
        .hasMessageContaining("several ONNX graphs")
        .hasMessageContaining("onnx/model_fp16.onnx")
        .hasMessageContaining("onnx/model_q4.onnx");
  }

  private void writeJsonFiles() throws IOException {
    for (String name : ModelFolder.REQUIRED_FILES) {
      Files.writeString(root.resolve(name), "{}");
    }
  }

  private Path touch(String relative) throws IOException {
    Path file = root.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.write(file, new byte[] {0});
    return file;
  }
}
