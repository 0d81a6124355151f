package dev.quarry.api;

import static dev.quarry.api.testing.Api.ADMIN;
import static dev.quarry.api.testing.Api.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import dev.quarry.api.catalogue.ApiKey;
import dev.quarry.api.testing.Api;
import dev.quarry.api.testing.TempDataDir;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(TempDataDir.class)
class SecurityTest {

  private String kbA;
  private String kbB;

  @BeforeEach
  void two_knowledge_bases_with_a_secret_each() {
    kbA = Api.createKb("Alpha");
    kbB = Api.createKb("Beta");
    Api.awaitReady(
        kbA, Api.upload(ADMIN, kbA, Api.file("a.txt", "The alpha vault code is 1111.")).get(0));
    Api.awaitReady(
        kbB, Api.upload(ADMIN, kbB, Api.file("b.txt", "The beta vault code is 2222.")).get(0));
  }

  @Test
  void should_answer_401_problem_without_a_key_or_with_an_unknown_key() {
    given()
        .get("/api/kbs")
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .body("detail", containsString("Authorization: Bearer"));
    as("qk_made_up")
        .get("/api/kbs")
        .then()
        .statusCode(401)
        .body("detail", containsString("not recognised"));
  }

  @Test
  void should_let_a_reader_search_but_not_upload_or_manage_keys() {
    String reader = Api.newKey(kbA, "reader");
    Api.search(reader, kbA, "vault code");
    as(reader)
        .multiPart("file", Api.file("x.txt", "x").toFile())
        .post("/api/kbs/" + kbA + "/documents")
        .then()
        .statusCode(403)
        .body("detail", containsString("needs writer"));
    as(reader)
        .contentType(ContentType.JSON)
        .body(Map.of("kb", kbA, "role", "admin"))
        .post("/api/keys")
        .then()
        .statusCode(403);
    as(reader).delete("/api/kbs/" + kbA).then().statusCode(403);
    as(reader)
        .contentType(ContentType.JSON)
        .body(Map.of("name", "Mine"))
        .post("/api/kbs")
        .then()
        .statusCode(403);
  }

  @Test
  void should_let_a_writer_upload_and_a_kb_admin_create_keys() {
    String writer = Api.newKey(kbA, "writer");
    Api.upload(writer, kbA, Api.file("w.txt", "Written by a writer."));
    String admin = Api.newKey(kbA, "admin");
    as(admin)
        .contentType(ContentType.JSON)
        .body(Map.of("kb", kbA, "role", "reader"))
        .post("/api/keys")
        .then()
        .statusCode(201);
  }

  @Test
  void should_hide_other_knowledge_bases_from_a_key_as_404() {
    String readerA = Api.newKey(kbA, "reader");
    as(readerA)
        .get("/api/kbs/" + kbB)
        .then()
        .statusCode(404)
        .body("detail", containsString("No knowledge base"));
    as(readerA)
        .contentType(ContentType.JSON)
        .body(Map.of("query", "vault code"))
        .post("/api/kbs/" + kbB + "/search")
        .then()
        .statusCode(404);
    List<String> visible = as(readerA).get("/api/kbs").then().extract().jsonPath().getList("id");
    assertThat(visible).containsExactly(kbA);
  }

  @Test
  void should_answer_404_without_naming_the_knowledge_base_when_revoking_another_kb_key() {
    // given: a key of Beta, and an admin key of Alpha that tries to revoke it
    String adminOfA = Api.newKey(kbA, "admin");
    String readerOfB =
        as(ADMIN)
            .contentType(ContentType.JSON)
            .body(Map.of("kb", kbB, "role", "reader"))
            .post("/api/keys")
            .then()
            .statusCode(201)
            .extract()
            .path("id");

    // when / then
    as(adminOfA)
        .delete("/api/keys/" + readerOfB)
        .then()
        .statusCode(404)
        .body("detail", not(containsString(kbB)))
        .body("detail", containsString("No key"));
    as(ADMIN).delete("/api/keys/" + readerOfB).then().statusCode(204);
  }

  @Test
  void should_never_return_another_knowledge_base_passages() {
    String readerA = Api.newKey(kbA, "reader");
    var passages = Api.search(readerA, kbA, "beta vault code 2222").getList("passages.text");
    assertThat(passages)
        .isNotEmpty()
        .allSatisfy(t -> assertThat(t.toString()).doesNotContain("2222"));
    String answer = Api.ask(readerA, kbA, "What is the beta vault code?").getString("answer");
    assertThat(answer).doesNotContain("2222");
  }

  @Test
  void should_store_keys_hashed_and_refuse_a_revoked_key() {
    var created =
        as(ADMIN)
            .contentType(ContentType.JSON)
            .body(Map.of("kb", kbA, "role", "reader"))
            .post("/api/keys")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath();
    String key = created.getString("key");
    String id = created.getString("id");
    ApiKey stored = QuarkusTransaction.requiringNew().call(() -> ApiKey.findById(id));
    assertThat(stored.keyHash).hasSize(64).isNotEqualTo(key).doesNotContain(key);
    as(key).get("/api/kbs/" + kbA).then().statusCode(200);

    as(ADMIN).delete("/api/keys/" + id).then().statusCode(204);

    as(key).get("/api/kbs/" + kbA).then().statusCode(401);
  }

  @Test
  void should_not_answer_cross_origin_requests_by_default() {
    given()
        .header("Origin", "https://evil.example")
        .header("Access-Control-Request-Method", "GET")
        .options("/api/kbs")
        .then()
        .header("Access-Control-Allow-Origin", org.hamcrest.Matchers.nullValue());
  }

  @Test
  void should_never_show_a_stack_trace_in_an_error() {
    as(ADMIN)
        .contentType(ContentType.JSON)
        .body(Map.of("query", "x", "filters", Map.of("nosuchfield", List.of("v"))))
        .post("/api/kbs/" + kbA + "/search")
        .then()
        .statusCode(400)
        .body("detail", containsString("Unknown filter field 'nosuchfield'"))
        .body(not(containsString("Exception")));
  }
}
