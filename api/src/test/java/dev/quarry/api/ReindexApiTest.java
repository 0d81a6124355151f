package dev.quarry.api;

import static dev.quarry.api.testing.Api.ADMIN;
import static dev.quarry.api.testing.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import dev.quarry.api.testing.Api;
import dev.quarry.api.testing.TempDataDir;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * A change of chunk settings re-indexes every document from its stored file into a new index
 * generation, which replaces the old one whole when it holds every document.
 */
@QuarkusTest
@WithTestResource(TempDataDir.class)
class ReindexApiTest {

  /** About 1,500 tokens of distinct sentences about one made-up subject. */
  private static final String MANUAL =
      IntStream.range(0, 60)
          .mapToObj(
              i ->
                  "Step "
                      + i
                      + " of the Quillon kiln manual: set the damper to position "
                      + (i * 7 % 13)
                      + " and wait for the glaze to settle before the next firing.")
          .collect(Collectors.joining(" "));

  /** About 200 tokens: one chunk at the default 300 tokens, several at 64. */
  private static final String NOTE =
      IntStream.range(0, 10)
          .mapToObj(i -> "Note " + i + " on the Varrow orchard: prune row " + i + " in March.")
          .collect(Collectors.joining(" "));

  @Test
  void should_answer_from_the_old_index_whole_until_the_new_one_replaces_it() throws Exception {
    // given a knowledge base with default chunking and three indexed manuals
    String kb = Api.createKb("Kiln manuals");
    List<String> manuals = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      manuals.add(Api.upload(ADMIN, kb, Api.file("manual-" + i + ".txt", MANUAL)).get(0));
    }
    int chunksBefore = 0;
    for (String m : manuals) {
      chunksBefore += Api.awaitReady(kb, m).getInt("chunks");
    }

    // when the chunk size is cut
    JsonPath patched = patch(kb, 64);

    // then the re-index is under way and the live index is still the old one, whole
    assertThat(patched.getInt("reindex.total")).isEqualTo(3);
    assertThat(patched.getLong("chunks")).isEqualTo(chunksBefore);
    // and every look during the re-index sees the old chunks only, and finds the manual
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    JsonPath view = kbView(kb);
    while (view.get("reindex") != null) {
      assertThat(System.nanoTime()).as("re-index finished in time").isLessThan(deadline);
      assertThat(view.getLong("chunks")).isEqualTo(chunksBefore);
      assertThat(Api.search(ADMIN, kb, "Quillon kiln damper").getString("passages[0].text"))
          .contains("Quillon kiln");
      view = kbView(kb);
    }
    // and after the switch only chunks cut at 64 tokens are left: more of them, as many as the
    // documents say, and one index directory
    int chunksAt64 = 0;
    for (String m : manuals) {
      chunksAt64 += Api.awaitReady(kb, m).getInt("chunks");
    }
    assertThat(chunksAt64).isGreaterThan(chunksBefore);
    assertThat(awaitReindexed(kb).getLong("chunks")).isEqualTo(chunksAt64);
    assertThat(Api.search(ADMIN, kb, "Quillon kiln damper").getString("passages[0].text"))
        .contains("Quillon kiln");
    assertThat(indexDirectoriesOf(kb)).containsExactly(kb + "-g1");
  }

  @Test
  void should_keep_an_upload_and_a_delete_made_during_a_reindex() {
    // given two indexed documents
    String kb = Api.createKb("Orchard");
    String manual = Api.upload(ADMIN, kb, Api.file("manual.txt", MANUAL)).get(0);
    String doomed =
        Api.upload(ADMIN, kb, Api.file("doomed.txt", "Zephyrine ledger " + NOTE)).get(0);
    Api.awaitReady(kb, manual);
    Api.awaitReady(kb, doomed);

    // when the settings change, a new file comes and one goes during the re-index
    patch(kb, 64);
    String note = Api.upload(ADMIN, kb, Api.file("note.txt", NOTE)).get(0);
    as(ADMIN).delete("/api/kbs/" + kb + "/documents/" + doomed).then().statusCode(204);

    // then after the switch the new file is there, cut with the new settings, and the deleted
    // one is gone from the index that replaced the old one
    JsonPath settled = awaitReindexed(kb);
    int noteChunks = Api.awaitReady(kb, note).getInt("chunks");
    assertThat(noteChunks).isGreaterThan(1);
    int manualChunks = Api.awaitReady(kb, manual).getInt("chunks");
    assertThat(settled.getLong("documents")).isEqualTo(2);
    assertThat(kbView(kb).getLong("chunks")).isEqualTo(manualChunks + noteChunks);
    assertThat(Api.search(ADMIN, kb, "Varrow orchard").getString("passages[0].text"))
        .contains("Varrow");
    assertThat(Api.search(ADMIN, kb, "Zephyrine ledger").getList("passages.text", String.class))
        .noneMatch(t -> t.contains("Zephyrine"));
  }

  @Test
  void should_restart_the_reindex_cleanly_when_the_settings_change_again() throws Exception {
    // given an indexed document
    String kb = Api.createKb("Twice");
    String manual = Api.upload(ADMIN, kb, Api.file("manual.txt", MANUAL)).get(0);
    Api.awaitReady(kb, manual);

    // when the settings change twice in a row
    patch(kb, 64);
    JsonPath second = patch(kb, 200);

    // then the second re-index builds a newer generation, which is the only index left
    assertThat(second.getInt("reindex.generation")).isEqualTo(2);
    JsonPath settled = awaitReindexed(kb);
    assertThat(settled.getInt("chunkTokens")).isEqualTo(200);
    int chunks = Api.awaitReady(kb, manual).getInt("chunks");
    assertThat(settled.getLong("chunks")).isEqualTo(chunks);
    assertThat(indexDirectoriesOf(kb)).containsExactly(kb + "-g2");
  }

  @Test
  void should_switch_at_once_when_there_is_nothing_to_reindex() throws Exception {
    String kb = Api.createKb("Empty");
    patch(kb, 64);
    assertThat(awaitReindexed(kb).getLong("chunks")).isZero();
    assertThat(indexDirectoriesOf(kb)).containsExactly(kb + "-g1");
  }

  @Test
  void should_rechunk_a_reupload_of_the_same_bytes_after_a_settings_change() {
    // given a document indexed at 64 tokens
    String kb = Api.createKb("Re-upload");
    patch(kb, 64);
    Path file = Api.file("manual.txt", MANUAL);
    String doc = Api.upload(ADMIN, kb, file).get(0);
    int chunksAt64 = Api.awaitReady(kb, doc).getInt("chunks");

    // when the settings change and the same bytes come again
    patch(kb, 200);
    Api.upload(ADMIN, kb, file);
    awaitReindexed(kb);

    // then they are cut again with the new settings, not skipped as unchanged
    JsonPath settled = Api.awaitReady(kb, doc);
    assertThat(settled.getInt("version")).isEqualTo(2);
    assertThat(settled.getInt("chunks")).isLessThan(chunksAt64);
  }

  @Test
  void should_refuse_invalid_chunk_settings_and_keep_the_old_ones() {
    String kb = Api.createKb("Strict");
    as(ADMIN)
        .contentType(ContentType.JSON)
        .body(Map.of("chunkTokens", 64, "chunkOverlap", 64))
        .patch("/api/kbs/" + kb)
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("detail", containsString("Invalid chunking"));
    assertThat(kbView(kb).getInt("chunkTokens")).isEqualTo(300);
    assertThat(kbView(kb).getLong("pending")).isZero();
  }

  private static JsonPath patch(String kb, int tokens) {
    return as(ADMIN)
        .contentType(ContentType.JSON)
        .body(Map.of("chunkTokens", tokens, "chunkOverlap", 0))
        .patch("/api/kbs/" + kb)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  /** The knowledge base once no job is pending and no re-index is under way. */
  private static JsonPath awaitReindexed(String kb) {
    await()
        .atMost(Duration.ofSeconds(120))
        .until(
            () -> {
              JsonPath v = kbView(kb);
              return v.getLong("pending") == 0 && v.get("reindex") == null;
            });
    return kbView(kb);
  }

  /** The names of the knowledge base's index directories (one per generation) on disk. */
  private static List<String> indexDirectoriesOf(String kb) throws java.io.IOException {
    Path indexes =
        Path.of(ConfigProvider.getConfig().getValue("quarry.data-dir", String.class), "indexes");
    try (Stream<Path> dirs = Files.list(indexes)) {
      return dirs.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(kb)).toList();
    }
  }

  private static JsonPath kbView(String kb) {
    return as(ADMIN).get("/api/kbs/" + kb).then().statusCode(200).extract().jsonPath();
  }
}
