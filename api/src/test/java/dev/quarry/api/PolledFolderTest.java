package dev.quarry.api;

import static dev.quarry.api.testing.Api.ADMIN;
import static dev.quarry.api.testing.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.quarry.api.ingest.FolderSync;
import dev.quarry.api.testing.TempDataDir;
import dev.quarry.ingestion.sync.SyncFolderException;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A folder configured in {@code quarry.sync.folders}, polled by the server. */
@QuarkusTest
@TestProfile(PolledFolderTest.Polled.class)
@WithTestResource(TempDataDir.class)
class PolledFolderTest {

  /** The mirrored folder, made before the application starts. */
  static final Path FOLDER;

  static {
    try {
      FOLDER = Files.createTempDirectory("quarry-polled-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Mirrors {@link #FOLDER} into the knowledge base "Polled" every second. */
  public static class Polled implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "quarry.sync.folders.\"Polled\".path", FOLDER.toString(), "quarry.sync.interval", "PT1S");
    }
  }

  @Inject FolderSync folderSync;

  @Test
  void should_mirror_added_renamed_changed_and_removed_files_into_the_knowledge_base()
      throws Exception {
    // when: files appear in the folder
    write("manual/intro.txt", "The Tamsworth pump starts with the green switch.");
    write("faq.txt", "Tamsworth pumps need oil every spring.");

    // then: the knowledge base is created and holds them
    Map<String, String> first = awaitDocuments(List.of("manual/intro.txt", "faq.txt"), List.of());
    String faqId = first.get("faq.txt");

    // when: one file is renamed and the other changed
    Files.move(FOLDER.resolve("faq.txt"), FOLDER.resolve("questions.txt"));
    write("manual/intro.txt", "The Tamsworth pump starts with the red switch.");

    // then: the renamed file kept its document
    Map<String, String> second =
        awaitDocuments(List.of("manual/intro.txt", "questions.txt"), List.of("faq.txt"));
    assertThat(second.get("questions.txt")).isEqualTo(faqId);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> document("manual/intro.txt").get("version").equals(2));

    // when: a file is removed
    Files.delete(FOLDER.resolve("questions.txt"));

    // then
    awaitDocuments(List.of("manual/intro.txt"), List.of("questions.txt"));
  }

  @Test
  void should_change_nothing_when_a_configured_folder_is_missing() throws Exception {
    write("kept.txt", "Kept while the folder is away.");
    awaitDocumentNamed("kept.txt");

    assertThatThrownBy(() -> folderSync.sync("Polled", FOLDER.resolve("unmounted")))
        .isInstanceOf(SyncFolderException.class)
        .hasMessageContaining("no such folder");
    assertThat(names()).contains("kept.txt");
  }

  private static void write(String name, String text) throws IOException {
    Path file = FOLDER.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  private static void awaitDocumentNamed(String name) {
    await().atMost(Duration.ofSeconds(30)).until(() -> names().contains(name));
  }

  /**
   * Waits until the knowledge base holds {@code present} and none of {@code absent} (the other test
   * shares the folder); returns name to id.
   */
  private static Map<String, String> awaitDocuments(List<String> present, List<String> absent) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              List<String> names = names();
              return names.containsAll(present) && absent.stream().noneMatch(names::contains);
            });
    return documents().stream()
        .collect(Collectors.toMap(d -> (String) d.get("name"), d -> (String) d.get("id")));
  }

  private static Map<String, Object> document(String name) {
    return documents().stream().filter(d -> name.equals(d.get("name"))).findFirst().orElseThrow();
  }

  private static List<String> names() {
    return documents().stream().map(d -> (String) d.get("name")).toList();
  }

  private static List<Map<String, Object>> documents() {
    String kb =
        as(ADMIN)
            .get("/api/kbs")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getString("find { it.name == 'Polled' }.id");
    if (kb == null) {
      return List.of();
    }
    return as(ADMIN)
        .get("/api/kbs/" + kb + "/documents?size=500")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("items");
  }
}
