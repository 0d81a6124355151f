package dev.quarry.generator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.generator.GeneratorException;
import dev.quarry.generator.onnx.DecoderModel;
import dev.quarry.generator.onnx.EngineOptions;
import dev.quarry.generator.testing.FakeHub;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelStoreTest {

  @TempDir Path dataDir;

  private final FakeHub fakeHub = new FakeHub();
  private final HubClient hub =
      new HubClient(fakeHub.endpoint(), FakeHub.client(), Optional.empty());

  @AfterEach
  void stopHub() {
    fakeHub.close();
  }

  @Test
  void should_download_only_the_needed_files_and_load_them_when_pulling() {
    // given
    ModelStore store = new ModelStore(dataDir);

    // when
    Path folder = pull(store);

    // then
    assertThat(folder).isEqualTo(dataDir.resolve("models/tiny-llama"));
    assertThat(folder.resolve("onnx/model.onnx")).exists();
    assertThat(folder.resolve("onnx/model_q4.onnx")).doesNotExist();
    assertThat(folder.resolve("README.md")).doesNotExist();
    try (DecoderModel model = DecoderModel.load(folder, EngineOptions.DEFAULT.withThreads(1, 1))) {
      assertThat(model.config().modelType()).isEqualTo("llama");
    }
    assertThat(store.list()).singleElement().satisfies(m -> assertThat(m.complete()).isTrue());
  }

  @Test
  void should_resume_with_a_range_request_when_a_partial_download_exists() throws IOException {
    // given: the first 1000 bytes of the graph from an interrupted pull
    ModelStore store = new ModelStore(dataDir);
    Path part = dataDir.resolve("models/tiny-llama/onnx/model.onnx.part");
    Files.createDirectories(part.getParent());
    Files.write(part, Arrays.copyOf(fakeHub.file("onnx/model.onnx"), 1000));

    // when
    Path folder = pull(store);

    // then
    assertThat(fakeHub.requests()).contains("GET onnx/model.onnx bytes=1000-");
    assertThat(Files.readAllBytes(folder.resolve("onnx/model.onnx")))
        .isEqualTo(fakeHub.file("onnx/model.onnx"));
    assertThat(part).doesNotExist();
  }

  @Test
  void should_skip_complete_files_when_pulling_again() {
    // given
    ModelStore store = new ModelStore(dataDir);
    pull(store);
    fakeHub.requests().clear();

    // when
    pull(store);

    // then
    assertThat(fakeHub.requests()).isEmpty();
  }

  @Test
  void should_reject_and_delete_the_file_when_its_sha256_does_not_match() {
    // given
    fakeHub.advertiseWrongSha("onnx/model.onnx");
    ModelStore store = new ModelStore(dataDir);

    // when / then
    assertThatThrownBy(() -> pull(store))
        .isInstanceOf(GeneratorException.class)
        .hasMessageContaining("onnx/model.onnx is corrupt")
        .hasMessageContaining("sha256");
    assertThat(dataDir.resolve("models/tiny-llama/onnx/model.onnx")).doesNotExist();
    assertThat(dataDir.resolve("models/tiny-llama/onnx/model.onnx.part")).doesNotExist();
  }

  @Test
  void should_say_what_is_missing_when_the_graph_is_not_in_the_subfolder() {
    // when / then
    assertThatThrownBy(
            () ->
                new ModelStore(dataDir)
                    .pull(
                        hub,
                        FakeHub.REPO,
                        "main",
                        "",
                        Optional.empty(),
                        "x",
                        DownloadProgress.NONE))
        .isInstanceOf(GeneratorException.class)
        .hasMessageContaining("--subfolder onnx");
  }

  @Test
  void should_remove_the_folder_when_removing_a_model() {
    // given
    ModelStore store = new ModelStore(dataDir);
    pull(store);

    // when
    boolean removed = store.remove("tiny-llama");

    // then
    assertThat(removed).isTrue();
    assertThat(store.list()).isEmpty();
    assertThat(store.remove("tiny-llama")).isFalse();
  }

  private Path pull(ModelStore store) {
    return store.pull(
        hub, FakeHub.REPO, "main", "onnx", Optional.empty(), "tiny-llama", DownloadProgress.NONE);
  }
}
