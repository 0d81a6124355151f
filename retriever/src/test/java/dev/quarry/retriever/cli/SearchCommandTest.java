package dev.quarry.retriever.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.retriever.SharedEmbedder;
import dev.quarry.retriever.index.Chunk;
import dev.quarry.retriever.index.IndexSettings;
import dev.quarry.retriever.index.IndexStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SearchCommandTest {

  @TempDir Path data;

  @Test
  void should_print_passages_with_both_scores_when_searching_a_local_knowledge_base() {
    // given
    try (IndexStore store =
        new IndexStore(
            DataDirectory.indexes(data), IndexSettings.defaults(), SharedEmbedder.get())) {
      store
          .openOrCreate("notes")
          .replace(
              "guide.md",
              1,
              List.of(Chunk.ofText(0, "Guide", "Upload a new version to replace a document.")));
    }

    // when
    String out =
        run("--kb", "notes", "--data-dir", data.toString(), "how", "do", "I", "replace", "files");

    // then
    assertThat(out).contains("1. guide.md").contains("bm25").contains("dense").contains("replace");
  }

  @Test
  void should_parse_repeated_filters_into_value_lists() {
    Map<String, List<String>> filters =
        SearchCommand.parseFilters(List.of("type=pdf", "type=html", "lang=en"));

    assertThat(filters)
        .containsEntry("type", List.of("pdf", "html"))
        .containsEntry("lang", List.of("en"));
  }

  @Test
  void should_refuse_filter_without_value() {
    assertThatThrownBy(() -> SearchCommand.parseFilters(List.of("type=")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("field=value");
  }

  @Test
  void should_refuse_zero_candidates_before_loading_anything() {
    SearchCommand command = new SearchCommand();
    new CommandLine(command).parseArgs("--kb", "notes", "--candidates", "0", "anything");

    assertThatThrownBy(command::call)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("candidates must be >= 1, got 0");
  }

  private static String run(String... args) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    PrintStream original = System.out;
    try {
      System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
      int exit = new CommandLine(new SearchCommand()).execute(args);
      assertThat(exit).isZero();
    } finally {
      System.setOut(original);
    }
    return buffer.toString(StandardCharsets.UTF_8);
  }
}
