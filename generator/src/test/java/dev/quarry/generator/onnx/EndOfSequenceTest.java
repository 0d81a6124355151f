package dev.quarry.generator.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.generator.testing.TinyModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Generation stops at an end-of-sequence id from either configuration file. */
class EndOfSequenceTest {

  @TempDir Path temp;

  @ParameterizedTest(name = "eos in {0}")
  @CsvSource({"generation_config.json, 2", "config.json, 1"})
  void should_stop_at_an_eos_id_when_either_config_declares_it(String file, int expectedTokens)
      throws IOException {
    // given: tiny-llama's greedy continuation of case 0 starts 307, 297, ...; declare one as EOS
    TinyModels.Case reference = TinyModels.cases("tiny-llama").get(0);
    long eos = reference.greedyIds()[expectedTokens - 1];
    Path folder = copyOf("tiny-llama");
    Path json = folder.resolve(file);
    String content = Files.readString(json).replaceAll("\\s+", " ");
    String edited =
        file.equals("config.json")
            ? content.replace("\"eos_token_id\": 345", "\"eos_token_id\": " + eos)
            : content.replace("\"eos_token_id\": [", "\"eos_token_id\": [" + eos + ", ");
    assertThat(edited).as("edited %s", file).isNotEqualTo(content);
    Files.writeString(json, edited);

    try (DecoderModel model = DecoderModel.load(folder, EngineOptions.DEFAULT.withThreads(1, 1))) {
      // when
      GenerationResult result =
          new TextGenerator(model)
              .generate(
                  List.of(reference.promptIds()),
                  GenerationRequest.greedy(12),
                  List.of(TokenStreamListener.NONE),
                  new CancellationSignal())
              .get(0);

      // then
      assertThat(model.config().eosTokenIds()).contains((int) eos);
      assertThat(result.finishReason()).isEqualTo(FinishReason.END_OF_SEQUENCE);
      assertThat(result.tokenIds()).hasSize(expectedTokens).endsWith(eos);
    }
  }

  private Path copyOf(String name) throws IOException {
    Path target = temp.resolve(name);
    Files.createDirectories(target);
    try (Stream<Path> files = Files.list(TinyModels.path(name))) {
      for (Path f : files.toList()) {
        Files.copy(f, target.resolve(f.getFileName()));
      }
    }
    return target;
  }
}
