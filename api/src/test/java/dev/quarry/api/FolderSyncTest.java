package dev.quarry.api;

import static dev.quarry.api.testing.Api.ADMIN;
import static dev.quarry.api.testing.Api.as;
import static dev.quarry.api.testing.Api.awaitReady;
import static dev.quarry.api.testing.Api.createKb;
import static dev.quarry.api.testing.Api.search;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.api.cli.SyncCommand;
import dev.quarry.api.testing.TempDataDir;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ./quarry sync} against a running server, and the document rename it relies on. */
@QuarkusTest
@WithTestResource(TempDataDir.class)
class FolderSyncTest {

  /** An empty zip archive: the server refuses archives (415). */
  private static final byte[] ZIP =
      HexFormat.of().parseHex("504b0506000000000000000000000000000000000000");

  @TestHTTPResource("/")
  URL server;

  @TempDir Path folder;

  private record Run(int exit, String out) {}

  @Test
  void should_add_update_rename_and_delete_documents_as_the_folder_changes() throws Exception {
    // given
    String kb = createKb("Synced");
    write("guides/setup.md", "# Setup\n\nThe Wrenfield console listens on port 4471.\n");
    write("notes/old-name.txt", "Wrenfield backups run nightly at three.");
    write("changing.txt", "Version one of the Wrenfield changelog.");

    // when: the first sync
    Run first = sync("Synced");

    // then: every file is a document under its relative path
    assertThat(first.exit()).isZero();
    assertThat(first.out())
        .contains("3 added, 0 updated, 0 renamed, 0 deleted, 0 unchanged, 0 failed");
    Map<String, String> before = documents(kb);
    assertThat(before).containsOnlyKeys("guides/setup.md", "notes/old-name.txt", "changing.txt");
    before.values().forEach(id -> awaitReady(kb, id));

    // when: a file moves, one changes, one goes, one comes; first a dry run
    Files.createDirectories(folder.resolve("archive"));
    Files.move(folder.resolve("notes/old-name.txt"), folder.resolve("archive/backups.txt"));
    write("changing.txt", "Version two of the Wrenfield changelog.");
    Files.delete(folder.resolve("guides/setup.md"));
    write("new.txt", "Wrenfield has a new logo.");
    Run dry = sync("Synced", "--dry-run");

    // then: the dry run prints the plan and changes nothing
    assertThat(dry.exit()).isZero();
    assertThat(dry.out())
        .contains("RENAME  notes/old-name.txt -> archive/backups.txt")
        .contains("UPDATE  changing.txt")
        .contains("ADD     new.txt")
        .contains("DELETE  guides/setup.md")
        .contains("4 changes planned");
    assertThat(documents(kb)).isEqualTo(before);

    // when: the real sync
    Run second = sync("Synced");

    // then: the moved file kept its document, the changed one got a version, the gone one is gone
    assertThat(second.exit()).isZero();
    assertThat(second.out())
        .contains("1 added, 1 updated, 1 renamed, 1 deleted, 0 unchanged, 0 failed");
    Map<String, String> after = documents(kb);
    assertThat(after).containsOnlyKeys("archive/backups.txt", "changing.txt", "new.txt");
    assertThat(after.get("archive/backups.txt")).isEqualTo(before.get("notes/old-name.txt"));
    assertThat(after.get("changing.txt")).isEqualTo(before.get("changing.txt"));
    assertThat(awaitReady(kb, after.get("changing.txt")).getLong("version")).isEqualTo(2);
    awaitReady(kb, after.get("new.txt"));
    assertThat(search(ADMIN, kb, "When do Wrenfield backups run?").getList("passages.documentName"))
        .as("the renamed document's passages show its new name")
        .contains("archive/backups.txt")
        .doesNotContain("notes/old-name.txt");

    // when: nothing changed since
    Run third = sync("Synced");

    // then
    assertThat(third.exit()).isZero();
    assertThat(third.out())
        .contains("0 added, 0 updated, 0 renamed, 0 deleted, 3 unchanged, 0 failed");
  }

  @Test
  void should_report_a_refused_file_with_exit_code_1_and_sync_the_others() throws Exception {
    createKb("Partly");
    write("fine.txt", "A readable note.");
    Files.write(folder.resolve("bundle.zip"), ZIP);

    Run run = sync("Partly");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out())
        .contains("FAILED  bundle.zip")
        .contains("1 added, 0 updated, 0 renamed, 0 deleted, 0 unchanged, 1 failed");
  }

  @Test
  void should_change_nothing_and_exit_2_when_the_folder_does_not_exist() throws Exception {
    String kb = createKb("Kept");
    write("keep.txt", "Keep me.");
    assertThat(sync("Kept").exit()).isZero();

    Run run = sync("Kept", folder.resolve("nowhere"));

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.out()).contains("no such folder");
    assertThat(documents(kb)).as("nothing deleted").containsOnlyKeys("keep.txt");
  }

  @Test
  void should_name_the_known_knowledge_bases_and_exit_2_when_the_knowledge_base_does_not_exist()
      throws Exception {
    write("a.txt", "x");

    Run run = sync("Nonexistent");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.out()).contains("No knowledge base 'Nonexistent'");
  }

  @Test
  void should_refuse_a_rename_to_a_taken_blank_or_unknown_name_with_a_problem() throws Exception {
    String kb = createKb("Renames");
    write("a.txt", "alpha");
    write("b.txt", "beta");
    sync("Renames");
    Map<String, String> docs = documents(kb);

    rename(kb, docs.get("a.txt"), "b.txt")
        .statusCode(409)
        .contentType("application/problem+json")
        .body("detail", org.hamcrest.Matchers.containsString("Another document is named 'b.txt'"));
    rename(kb, docs.get("a.txt"), " ").statusCode(400).contentType("application/problem+json");
    rename(kb, "no-such-id", "c.txt").statusCode(404).contentType("application/problem+json");
    rename(kb, docs.get("a.txt"), "folder/../c.txt")
        .statusCode(200)
        .body("name", org.hamcrest.Matchers.equalTo("folder/c.txt"));

    assertThat(documents(kb)).containsOnlyKeys("folder/c.txt", "b.txt");
  }

  private io.restassured.response.ValidatableResponse rename(String kb, String id, String name) {
    return as(ADMIN)
        .contentType(ContentType.JSON)
        .body(Map.of("name", name))
        .patch("/api/kbs/" + kb + "/documents/" + id)
        .then();
  }

  /** Document name to id. */
  private static Map<String, String> documents(String kb) {
    List<Map<String, Object>> items =
        as(ADMIN)
            .get("/api/kbs/" + kb + "/documents?size=500")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("items");
    return items.stream()
        .collect(
            java.util.stream.Collectors.toMap(
                d -> (String) d.get("name"), d -> (String) d.get("id")));
  }

  private void write(String name, String text) throws Exception {
    Path file = folder.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  private Run sync(String kb, String... options) {
    return sync(kb, folder, options);
  }

  /** Runs {@code ./quarry sync} as the launcher does, capturing standard output and error. */
  private Run sync(String kb, Path dir, String... options) {
    String[] args =
        Stream.concat(
                Stream.of(dir.toString(), "--url", server.toString(), "--key", ADMIN, "--kb", kb),
                Stream.of(options))
            .toArray(String[]::new);
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8);
    System.setOut(capture);
    System.setErr(capture);
    try {
      int exit = new CommandLine(new SyncCommand()).execute(args);
      return new Run(exit, buffer.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }
}
