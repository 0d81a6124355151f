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
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A change of chunk settings re-indexes every document from its stored file. */
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
  void should_rechunk_every_document_after_a_patch_while_searches_and_uploads_go_on() {
    // given a knowledge base with default chunking and one indexed document
    String kb = Api.createKb("Kiln manuals");
    Path manualFile = Api.file("manual.txt", MANUAL);
    String manual = Api.upload(ADMIN, kb, manualFile).get(0);
    int chunksBefore = Api.awaitReady(kb, manual).getInt("chunks");

    // when the chunk size is cut, and a new file is uploaded during the re-index
    as(ADMIN)
        .contentType(ContentType.JSON)
        .body(Map.of("chunkTokens", 64, "chunkOverlap", 0))
        .patch("/api/kbs/" + kb)
        .then()
        .statusCode(200);
    String note = Api.upload(ADMIN, kb, Api.file("note.txt", NOTE)).get(0);

    // then every search is answered from the manual until, and after, its new chunks arrive
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    int searches = 0;
    do {
      assertThat(System.nanoTime()).as("re-index finished in time").isLessThan(deadline);
      assertThat(Api.search(ADMIN, kb, "Quillon kiln damper").getString("passages[0].text"))
          .contains("Quillon kiln");
      searches++;
    } while (kbView(kb).getLong("pending") > 0);
    assertThat(searches).isPositive();
    int chunksAt64 = Api.awaitReady(kb, manual).getInt("chunks");
    assertThat(chunksAt64).isGreaterThan(chunksBefore);
    // and the upload made during the re-index is there, cut with the new settings
    assertThat(Api.awaitReady(kb, note).getInt("chunks")).isGreaterThan(1);
    assertThat(Api.search(ADMIN, kb, "Varrow orchard").getString("passages[0].text"))
        .contains("Varrow");
    assertThat(kbView(kb).getLong("chunks")).isEqualTo(chunksAt64 + noteChunks(kb, note));
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
    await().atMost(Duration.ofSeconds(90)).until(() -> kbView(kb).getLong("pending") == 0);

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

  private static void patch(String kb, int tokens) {
    as(ADMIN)
        .contentType(ContentType.JSON)
        .body(Map.of("chunkTokens", tokens, "chunkOverlap", 0))
        .patch("/api/kbs/" + kb)
        .then()
        .statusCode(200);
  }

  private static JsonPath kbView(String kb) {
    return as(ADMIN).get("/api/kbs/" + kb).then().statusCode(200).extract().jsonPath();
  }

  private static int noteChunks(String kb, String note) {
    return Api.awaitReady(kb, note).getInt("chunks");
  }
}
