package dev.quarry.api;

import static dev.quarry.api.testing.Api.ADMIN;
import static dev.quarry.api.testing.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import dev.quarry.api.engine.Pipelines;
import dev.quarry.api.testing.Api;
import dev.quarry.api.testing.TempDataDir;
import dev.quarry.ingestion.pipeline.IngestionPipeline;
import dev.quarry.retriever.index.KnowledgeIndex;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
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
 * A change of chunk settings or of the embedding model re-indexes every document from its stored
 * file into a new index generation, which replaces the old one whole when it holds every document.
 */
@QuarkusTest
@WithTestResource(TempDataDir.class)
class ReindexApiTest {

  private static final String BGE = "bge-small-en-v1.5-q";
  private static final String MINILM = "all-minilm-l6-v2-q";

  @Inject Pipelines pipelines;

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

  @Test
  void should_reembed_every_document_with_another_model_and_search_with_the_old_one_until_then()
      throws Exception {
    // given a knowledge base on the default model with three indexed manuals
    String kb = Api.createKb("Kiln manuals, re-embedded");
    List<String> manuals = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      manuals.add(Api.upload(ADMIN, kb, Api.file("manual-" + i + ".txt", MANUAL)).get(0));
    }
    for (String m : manuals) {
      Api.awaitReady(kb, m);
    }
    long chunksBefore = kbView(kb).getLong("chunks");
    assertThat(kbView(kb).getString("searchModel")).isEqualTo(BGE);

    // when it switches to all-MiniLM-L6-v2 (whose window needs smaller chunks)
    JsonPath patched = patch(kb, Map.of("embeddingModel", MINILM, "chunkTokens", 200));

    // then a re-index of every document is under way, and searches keep the old index and model
    assertThat(patched.getString("embeddingModel")).isEqualTo(MINILM);
    assertThat(patched.getInt("reindex.total")).isEqualTo(3);
    JsonPath view = patched;
    while (view.get("reindex") != null) {
      assertThat(view.getString("searchModel")).isEqualTo(BGE);
      assertThat(view.getLong("chunks")).isEqualTo(chunksBefore);
      assertThat(Api.search(ADMIN, kb, "Quillon kiln damper").getString("passages[0].text"))
          .contains("Quillon kiln");
      view = kbView(kb);
    }
    // and after the switch the new generation's manifest names the new model, every document is
    // embedded with it, and queries are embedded with it too (a bge query against MiniLM vectors
    // would score near 0)
    JsonPath settled = awaitReindexed(kb);
    assertThat(settled.getString("searchModel")).isEqualTo(MINILM);
    assertThat(indexDirectoriesOf(kb)).containsExactly(kb + "-g1");
    assertThat(KnowledgeIndex.recordedManifest(indexDirectory(kb + "-g1")).orElseThrow().model())
        .isEqualTo(MINILM);
    for (String m : manuals) {
      assertThat(chunkedWith(kb, m)).endsWith(MINILM);
    }
    JsonPath found = Api.search(ADMIN, kb, "Quillon kiln damper");
    assertThat(found.getString("passages[0].text")).contains("Quillon kiln");
    assertThat(found.getFloat("passages[0].dense.score")).isGreaterThan(0.4f);
  }

  @Test
  void should_reembed_a_reupload_of_the_same_bytes_after_a_model_switch() {
    // given a knowledge base created with all-MiniLM-L6-v2 and a document indexed with it
    String kb =
        as(ADMIN)
            .contentType(ContentType.JSON)
            .body(Map.of("name", "Re-upload, other model", "embeddingModel", MINILM))
            .post("/api/kbs")
            .then()
            .statusCode(201)
            .body("embeddingModel", org.hamcrest.Matchers.equalTo(MINILM))
            .body("chunkTokens", org.hamcrest.Matchers.equalTo(254))
            .extract()
            .path("id");
    Path file = Api.file("note.txt", NOTE);
    String doc = Api.upload(ADMIN, kb, file).get(0);
    Api.awaitReady(kb, doc);
    assertThat(chunkedWith(kb, doc)).endsWith(MINILM);

    // when only the model changes and the same bytes come again
    patch(kb, Map.of("embeddingModel", BGE));
    Api.upload(ADMIN, kb, file);
    awaitReindexed(kb);

    // then the document is embedded with the new model, not skipped as unchanged
    assertThat(Api.awaitReady(kb, doc).getInt("version")).isEqualTo(2);
    assertThat(chunkedWith(kb, doc)).endsWith(BGE);
    assertThat(kbView(kb).getString("searchModel")).isEqualTo(BGE);
    assertThat(Api.search(ADMIN, kb, "Varrow orchard").getString("passages[0].text"))
        .contains("Varrow");
  }

  @Test
  void should_refuse_an_unknown_model_or_one_too_narrow_for_the_chunks_and_change_nothing() {
    String kb = Api.createKb("Strict model");

    as(ADMIN)
        .contentType(ContentType.JSON)
        .body(Map.of("embeddingModel", "gpt-9"))
        .patch("/api/kbs/" + kb)
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("detail", containsString("Unknown embedding model 'gpt-9'"))
        .body("detail", containsString(BGE + ", " + MINILM));
    as(ADMIN)
        .contentType(ContentType.JSON)
        .body(Map.of("embeddingModel", MINILM)) // the default 300-token chunks exceed its 254
        .patch("/api/kbs/" + kb)
        .then()
        .statusCode(400)
        .body("detail", containsString("at most 254"));
    as(ADMIN)
        .contentType(ContentType.JSON)
        .body(Map.of("name", "Nope", "embeddingModel", "gpt-9"))
        .post("/api/kbs")
        .then()
        .statusCode(400)
        .body("detail", containsString("Unknown embedding model"));

    JsonPath view = kbView(kb);
    assertThat(view.getString("embeddingModel")).isEqualTo(BGE);
    assertThat(view.getInt("chunkTokens")).isEqualTo(300);
    assertThat(view.getMap("reindex")).isNull();
    assertThat(view.getLong("pending")).isZero();
  }

  @Test
  void should_list_the_models_a_knowledge_base_may_use() {
    JsonPath models =
        as(ADMIN).get("/api/embedding-models").then().statusCode(200).extract().jsonPath();

    assertThat(models.getList("name", String.class)).containsExactly(BGE, MINILM);
    assertThat(models.getList("default", Boolean.class)).containsExactly(true, false);
    assertThat(models.getList("maxTokens", Integer.class)).containsExactly(512, 256);
  }

  /** The model and chunk settings the document's chunks in the live index were made with. */
  private String chunkedWith(String kb, String doc) {
    return pipelines
        .index(kb)
        .document(doc)
        .orElseThrow()
        .metadata()
        .get(IngestionPipeline.CHUNKED_WITH);
  }

  private static JsonPath patch(String kb, Map<String, Object> body) {
    return as(ADMIN)
        .contentType(ContentType.JSON)
        .body(body)
        .patch("/api/kbs/" + kb)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
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
    try (Stream<Path> dirs = Files.list(indexDirectory(""))) {
      return dirs.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(kb)).toList();
    }
  }

  private static Path indexDirectory(String name) {
    return Path.of(
        ConfigProvider.getConfig().getValue("quarry.data-dir", String.class), "indexes", name);
  }

  private static JsonPath kbView(String kb) {
    return as(ADMIN).get("/api/kbs/" + kb).then().statusCode(200).extract().jsonPath();
  }
}
