package dev.quarry.ingestion.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.ingestion.IngestionException;
import dev.quarry.ingestion.pipeline.SourceDocument;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileCollectorTest {

  @TempDir Path root;

  @BeforeEach
  void files() throws IOException {
    for (String f :
        List.of(
            "a.pdf", "notes/b.md", "notes/deep/c.pdf", "drafts/d.pdf", ".git/config", "e.txt")) {
      Path p = root.resolve(f);
      Files.createDirectories(p.getParent());
      Files.writeString(p, f);
    }
  }

  private static List<String> ids(List<SourceDocument> docs) {
    return docs.stream().map(SourceDocument::documentId).toList();
  }

  @Test
  void should_walk_recursively_and_skip_hidden_when_given_a_folder() {
    List<SourceDocument> docs = new FileCollector(List.of(), List.of()).collect(List.of(root));

    assertThat(ids(docs))
        .containsExactly("a.pdf", "drafts/d.pdf", "e.txt", "notes/b.md", "notes/deep/c.pdf");
  }

  @Test
  void should_filter_by_name_and_path_when_globs_are_given() {
    List<SourceDocument> docs =
        new FileCollector(List.of("*.pdf"), List.of("drafts/**")).collect(List.of(root));

    assertThat(ids(docs)).containsExactly("a.pdf", "notes/deep/c.pdf");
  }

  @Test
  void should_use_the_file_name_as_id_when_given_a_file() {
    List<SourceDocument> docs =
        new FileCollector(List.of(), List.of()).collect(List.of(root.resolve("notes/b.md")));

    assertThat(ids(docs)).containsExactly("b.md");
  }

  @Test
  void should_fail_when_a_path_does_not_exist() {
    assertThatThrownBy(
            () -> new FileCollector(List.of(), List.of()).collect(List.of(root.resolve("nope"))))
        .isInstanceOf(IngestionException.class)
        .hasMessageContaining("no such file");
  }
}
