package dev.quarry.api;

import static dev.quarry.api.testing.Api.ADMIN;
import static dev.quarry.api.testing.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.quarry.api.testing.Api;
import dev.quarry.api.testing.TempDataDir;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(TempDataDir.class)
class KnowledgeBaseApiTest {

  @ConfigProperty(name = "quarry.data-dir")
  Path dataDir;

  @Test
  void should_create_list_rename_and_delete_a_knowledge_base() {
    // given
    String kb = Api.createKb("Handbook");

    // when / then
    as(ADMIN).get("/api/kbs/" + kb).then().statusCode(200).body("name", equalTo("Handbook"));
    List<String> names = as(ADMIN).get("/api/kbs").then().extract().jsonPath().getList("name");
    assertThat(names).contains("Handbook");
    as(ADMIN)
        .contentType(ContentType.JSON)
        .body(Map.of("name", "Staff handbook", "chunkTokens", 200, "chunkOverlap", 20))
        .patch("/api/kbs/" + kb)
        .then()
        .statusCode(200)
        .body("name", equalTo("Staff handbook"))
        .body("chunkTokens", equalTo(200));
    // the chunk change re-indexed the (empty) knowledge base into index generation 1
    assertThat(dataDir.resolve("indexes").resolve(kb + "-g1")).isDirectory();
    assertThat(Files.exists(dataDir.resolve("indexes").resolve(kb))).isFalse();

    as(ADMIN).delete("/api/kbs/" + kb).then().statusCode(204);
    as(ADMIN).get("/api/kbs/" + kb).then().statusCode(404);
    assertThat(Files.exists(dataDir.resolve("indexes").resolve(kb + "-g1"))).isFalse();
  }

  @Test
  void should_delete_documents_blobs_and_keys_with_the_knowledge_base() {
    // given
    String kb = Api.createKb("Doomed");
    String key = Api.newKey(kb, "reader");
    String doc = Api.upload(ADMIN, kb, Api.file("doomed.txt", "A unique doomed sentence.")).get(0);
    String sha = Api.awaitReady(kb, doc).getString("sha256");
    assertThat(dataDir.resolve("blobs").resolve(sha)).exists();

    // when
    as(ADMIN).delete("/api/kbs/" + kb).then().statusCode(204);

    // then
    assertThat(dataDir.resolve("blobs").resolve(sha)).doesNotExist();
    as(key).get("/api/kbs").then().statusCode(401);
  }

  @Test
  void should_refuse_a_blank_name_and_bad_chunking_with_a_problem() {
    as(ADMIN)
        .contentType(ContentType.JSON)
        .body(Map.of("name", "  "))
        .post("/api/kbs")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("detail", containsString("needs a name"));
    String kb = Api.createKb("Chunky");
    as(ADMIN)
        .contentType(ContentType.JSON)
        .body(Map.of("chunkTokens", 5))
        .patch("/api/kbs/" + kb)
        .then()
        .statusCode(400)
        .body("detail", containsString("targetTokens"));
  }

  @Test
  void should_answer_404_problem_for_an_unknown_knowledge_base_and_malformed_json() {
    as(ADMIN)
        .get("/api/kbs/nope")
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("detail", containsString("No knowledge base 'nope'"));
    as(ADMIN)
        .contentType(ContentType.JSON)
        .body("{\"name\": ")
        .post("/api/kbs")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
  }
}
