package dev.quarry.generator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.generator.model.HubFile;
import dev.quarry.generator.testing.FakeHub;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ModelsCommandTest {

  @TempDir Path dataDir;

  @Test
  void should_pull_list_and_remove_when_run_from_the_command_line() {
    try (FakeHub hub = new FakeHub()) {
      // when
      Run pull =
          run(
              "--data-dir",
              dataDir.toString(),
              "pull",
              FakeHub.REPO,
              "--subfolder",
              "onnx",
              "--endpoint",
              hub.endpoint().toString());
      Run list = run("--data-dir", dataDir.toString(), "list");
      Run rm = run("--data-dir", dataDir.toString(), "rm", "tiny-llama");
      Run rmAgain = run("--data-dir", dataDir.toString(), "rm", "tiny-llama");
      Run listEmpty = run("--data-dir", dataDir.toString(), "list");

      // then
      assertThat(pull.status()).as(pull.err()).isZero();
      assertThat(pull.out()).contains("pulled " + FakeHub.REPO + "@main");
      assertThat(list.out()).contains("tiny-llama").contains("ready");
      assertThat(rm.out()).contains("removed tiny-llama");
      assertThat(rmAgain.status()).isEqualTo(1);
      assertThat(rmAgain.err()).contains("no model named tiny-llama");
      assertThat(listEmpty.out()).startsWith("no models in");
    }
  }

  @Test
  void should_print_one_line_and_fail_when_the_repository_is_unknown() {
    try (FakeHub hub = new FakeHub()) {
      // when
      Run pull =
          run(
              "--data-dir",
              dataDir.toString(),
              "pull",
              "nobody/nothing",
              "--endpoint",
              hub.endpoint().toString());

      // then
      assertThat(pull.status()).isEqualTo(1);
      assertThat(pull.err()).startsWith("quarry models: hub answered 404");
    }
  }

  @Test
  void should_show_sizes_for_people() {
    assertThat(ModelsCommand.human(512)).isEqualTo("512 B");
    assertThat(ModelsCommand.human(512 * 1024)).isEqualTo("512.0 KiB");
    assertThat(ModelsCommand.human(2048 * 1024)).isEqualTo("2.0 MiB");
  }

  @Test
  void should_draw_one_bar_per_file_ending_at_its_size() {
    // given: progress reported off a terminal (a log)
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DownloadBar bar = new DownloadBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
    HubFile model = new HubFile("onnx/model.onnx", 4L * 1024 * 1024, null);

    // when
    bar.update(model, 1024 * 1024, model.size());
    bar.update(model, model.size(), model.size());

    // then: plain lines naming the file, the last one complete
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out).doesNotContain("\r").contains("onnx/model.onnx").contains("100%");
  }

  private record Run(int status, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = ModelsCommand.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int status = cl.execute(args);
    return new Run(status, out.toString(), err.toString());
  }
}
