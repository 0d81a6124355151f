package dev.quarry.api;

import static dev.quarry.api.testing.Api.ADMIN;
import static dev.quarry.api.testing.Api.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.api.cli.AskCommand;
import dev.quarry.api.cli.RemoteIngestCommand;
import dev.quarry.api.testing.TempDataDir;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ./quarry ingest --url} and {@code ./quarry ask} against a running server. */
@QuarkusTest
@WithTestResource(TempDataDir.class)
class CommandLineClientTest {

  /** An empty zip archive (its end-of-central-directory record): the server refuses archives. */
  private static final byte[] ZIP =
      HexFormat.of().parseHex("504b0506000000000000000000000000000000000000");

  @TestHTTPResource("/")
  URL server;

  @TestHTTPResource(value = "metrics", management = true) // under /q/
  URL metrics;

  @TempDir Path folder;

  private record Run(int exit, String out) {}

  @Test
  void should_upload_a_folder_with_its_paths_and_name_each_refused_file_when_ingesting_remotely()
      throws Exception {
    // given: a folder with sub-folders, more files than one request may carry (5 in tests),
    // and an archive the server cannot read
    write("guides/setup.md", "# Setup\n\nThe Larkspur console listens on port 7311.\n");
    write("guides/backup.md", "# Backup\n\nBackups of Larkspur run nightly at two.\n");
    for (int i = 1; i <= 4; i++) {
      write("notes/note-" + i + ".txt", "Note " + i + " about the Larkspur rollout.");
    }
    Files.write(folder.resolve("notes/bundle.zip"), ZIP);

    // when
    Run ingest = run(new RemoteIngestCommand(), "Larkspur", folder.toString());

    // then: every readable file is READY under its folder path, the archive is named as refused
    assertThat(ingest.out())
        .contains("REFUSED notes/bundle.zip")
        .contains("6 ready, 0 failed, 1 refused");
    assertThat(ingest.exit()).as("a refused file makes the run fail").isEqualTo(1);
    String kb =
        as(ADMIN)
            .get("/api/kbs")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getString("find { it.name == 'Larkspur' }.id");
    List<String> names =
        as(ADMIN)
            .get("/api/kbs/" + kb + "/documents")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("items.name", String.class);
    assertThat(names)
        .contains("guides/setup.md", "guides/backup.md", "notes/note-1.txt")
        .doesNotContain("notes/bundle.zip")
        .hasSize(6);

    // when: asking through the command line
    Run ask = run(new AskCommand(), "Larkspur", "Which port does the Larkspur console listen on?");

    // then: the answer streams with its sources, named by their paths
    assertThat(ask.exit()).isZero();
    assertThat(ask.out()).contains("7311").contains("Sources:").contains("guides/setup.md — Setup");
  }

  @Test
  void should_learn_of_each_end_from_the_event_stream_without_listing_documents_while_waiting()
      throws Exception {
    // given: more files than one request may carry, one of them empty (it fails in ingestion)
    for (int i = 1; i <= 7; i++) {
      write("pages/page-" + i + ".txt", "Page " + i + " of the Quillmate handbook.");
    }
    write("pages/empty.txt", "");
    double listingsBefore = documentListings();

    // when
    Run ingest = run(new RemoteIngestCommand(), "Quillmate", folder.toString());

    // then: each end is named, the failure with its reason, and no listing was asked for
    assertThat(ingest.out())
        .contains("READY   pages/page-7.txt (1 chunks)")
        .containsPattern("FAILED  pages/empty.txt: .*empty")
        .contains("7 ready, 1 failed, 0 refused");
    assertThat(ingest.exit()).as("a failed file makes the run fail").isEqualTo(1);
    assertThat(documentListings())
        .as("GET /api/kbs/{kb}/documents requests while the command waited")
        .isEqualTo(listingsBefore);
  }

  @Test
  void should_say_which_knowledge_bases_exist_when_asking_an_unknown_one() throws Exception {
    Run ask = run(new AskCommand(), "Nowhere", "hi");

    assertThat(ask.exit()).isEqualTo(1);
    assertThat(ask.out()).contains("No knowledge base 'Nowhere'");
  }

  /** How many times the server has listed a knowledge base's documents (its request metrics). */
  private double documentListings() {
    return given()
        .get(metrics)
        .then()
        .statusCode(200)
        .extract()
        .asString()
        .lines()
        .filter(l -> l.startsWith("http_server_requests_seconds_count{"))
        .filter(l -> l.contains("method=\"GET\"") && l.contains("uri=\"/api/kbs/{kb}/documents\""))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  private void write(String name, String text) throws Exception {
    Path file = folder.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  /**
   * Runs a command as the launcher does, against the test server with the admin key and knowledge
   * base {@code kb}, capturing what it prints (standard output and error).
   */
  private Run run(Callable<Integer> command, String kb, String... rest) {
    String[] args =
        Stream.concat(
                Stream.of("--url", server.toString(), "--key", ADMIN, "--kb", kb), Stream.of(rest))
            .toArray(String[]::new);
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8);
    System.setOut(capture);
    System.setErr(capture);
    try {
      int exit = new CommandLine(command).execute(args);
      return new Run(exit, buffer.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }
}
