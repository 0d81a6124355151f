package dev.quarry.api;

import static dev.quarry.api.testing.Api.ADMIN;
import static dev.quarry.api.testing.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import dev.quarry.api.catalogue.Conversation;
import dev.quarry.api.catalogue.ConversationTurn;
import dev.quarry.api.testing.Api;
import dev.quarry.api.testing.TempDataDir;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The conversation contract: stored conversations, follow-ups answered from a standalone query,
 * ownership by key, and problems for bad input. {@code PostgresConversationApiTest} runs the same
 * on PostgreSQL.
 */
@QuarkusTest
@WithTestResource(TempDataDir.class)
class ConversationApiTest {

  String kb;

  @BeforeEach
  void a_knowledge_base_about_a_reactor_and_a_bridge() {
    kb = Api.createKb("Conversations");
    List<String> ids =
        Api.upload(
            ADMIN,
            kb,
            Api.file(
                "reactor.md",
                "# Zorblat\n\nThe Zorblat reactor runs on helium-3. The Zorblat reactor was"
                    + " commissioned in 2031. Its core is cooled by liquid sodium.\n"),
            Api.file(
                "bridge.md",
                "# Blorf\n\nThe Blorf bridge spans the Quell river. The Blorf bridge was"
                    + " commissioned in 1999 and is painted green.\n"));
    ids.forEach(id -> Api.awaitReady(kb, id));
  }

  @Test
  void should_answer_a_follow_up_from_a_standalone_query_and_keep_every_turn() {
    // given
    String id = create(ADMIN, Map.of());

    // when
    JsonPath first = ask(ADMIN, id, "What does the Zorblat reactor run on?");
    JsonPath second = ask(ADMIN, id, "When was it commissioned?");

    // then: the follow-up was retrieved with the reactor's terms, and answered from its document
    assertThat(first.getString("query")).isEqualTo("What does the Zorblat reactor run on?");
    assertThat(first.getString("rewrite")).isEqualTo("unchanged");
    assertThat(second.getString("query"))
        .isEqualTo("When was it commissioned? Zorblat reactor run");
    assertThat(second.getString("rewrite")).isEqualTo("contextualised");
    assertThat(second.getString("answer")).contains("2031").doesNotContain("1999");
    assertThat(second.getString("citations[0].documentName")).isEqualTo("reactor.md");

    JsonPath stored = get(ADMIN, id).then().statusCode(200).extract().jsonPath();
    assertThat(stored.getString("title")).isEqualTo("What does the Zorblat reactor run on?");
    assertThat(stored.getList("turns.n", Integer.class)).containsExactly(1, 2);
    assertThat(stored.getString("turns[1].question")).isEqualTo("When was it commissioned?");
    assertThat(stored.getString("turns[1].query")).isEqualTo(second.getString("query"));
    assertThat(stored.getString("turns[1].answer.answer")).isEqualTo(second.getString("answer"));
    assertThat(stored.getString("turns[1].answer.citations[0].documentName"))
        .isEqualTo("reactor.md");
    assertThat(
            as(ADMIN)
                .get("/api/kbs/" + kb + "/conversations")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("findAll { it.id == '" + id + "' }.turns", Integer.class))
        .containsExactly(2);
  }

  @Test
  void should_stream_a_follow_up_with_the_query_in_the_done_event() {
    // given
    String id = create(ADMIN, Map.of("title", "Reactor"));
    ask(ADMIN, id, "What does the Zorblat reactor run on?");

    // when
    String body =
        as(ADMIN)
            .contentType(ContentType.JSON)
            .accept("text/event-stream")
            .body(Map.of("question", "What cools its core?"))
            .post("/api/kbs/" + kb + "/conversations/" + id + "/ask")
            .then()
            .statusCode(200)
            .extract()
            .asString();

    // then
    int token = body.indexOf("event:token");
    int done = body.indexOf("event:done");
    assertThat(token).isNotNegative();
    assertThat(done).isGreaterThan(token);
    assertThat(body.substring(done))
        .contains("sodium")
        .contains("\"query\":\"What cools its core? Zorblat reactor run\"");
    assertThat(get(ADMIN, id).then().extract().jsonPath().getList("turns")).hasSize(2);
  }

  @Test
  void should_show_a_conversation_only_to_the_key_that_created_it() {
    // given
    String reader = Api.newKey(kb, "reader");
    String otherReader = Api.newKey(kb, "reader");
    String kbAdmin = Api.newKey(kb, "admin");
    String id = create(reader, Map.of("title", "Mine"));

    // then: its owner sees it; other keys of the knowledge base, its admins and the server's
    // admin key included, find nothing
    get(reader, id).then().statusCode(200);
    for (String other : List.of(otherReader, kbAdmin, ADMIN)) {
      get(other, id).then().statusCode(404).contentType("application/problem+json");
      as(other)
          .contentType(ContentType.JSON)
          .body(Map.of("title", "Theirs"))
          .patch("/api/kbs/" + kb + "/conversations/" + id)
          .then()
          .statusCode(404);
      as(other)
          .contentType(ContentType.JSON)
          .body(Map.of("question", "What does the Zorblat reactor run on?"))
          .post("/api/kbs/" + kb + "/conversations/" + id + "/ask")
          .then()
          .statusCode(404);
      as(other).delete("/api/kbs/" + kb + "/conversations/" + id).then().statusCode(404);
      assertThat(
              as(other)
                  .get("/api/kbs/" + kb + "/conversations")
                  .then()
                  .statusCode(200)
                  .extract()
                  .jsonPath()
                  .getList("id"))
          .doesNotContain(id);
    }
    get(reader, id).then().statusCode(200).body("title", containsString("Mine"));
  }

  @Test
  void should_not_show_a_conversation_under_another_knowledge_base() {
    // given
    String id = create(ADMIN, Map.of());
    String other = Api.createKb("Elsewhere");

    // then
    as(ADMIN)
        .get("/api/kbs/" + other + "/conversations/" + id)
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
  }

  @Test
  void should_rename_and_delete_a_conversation() {
    // given
    String id = create(ADMIN, Map.of());
    ask(ADMIN, id, "What does the Zorblat reactor run on?");

    // when
    as(ADMIN)
        .contentType(ContentType.JSON)
        .body(Map.of("title", "  Helium reactor  "))
        .patch("/api/kbs/" + kb + "/conversations/" + id)
        .then()
        .statusCode(200)
        .body("title", org.hamcrest.Matchers.equalTo("Helium reactor"));
    as(ADMIN).delete("/api/kbs/" + kb + "/conversations/" + id).then().statusCode(204);

    // then
    get(ADMIN, id).then().statusCode(404);
    assertThat(turnsOf(id)).isZero();
  }

  @Test
  void should_refuse_bad_input_with_a_problem_and_keep_the_conversation_as_it_was() {
    // given
    String id = create(ADMIN, Map.of("title", "Kept"));
    String conversation = "/api/kbs/" + kb + "/conversations/" + id;

    // then: an empty question, as JSON and as a stream
    as(ADMIN)
        .contentType(ContentType.JSON)
        .body(Map.of("question", "  "))
        .post(conversation + "/ask")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("detail", containsString("empty"));
    as(ADMIN)
        .contentType(ContentType.JSON)
        .accept("text/event-stream")
        .body(Map.of("question", ""))
        .post(conversation + "/ask")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
    // a k out of range
    as(ADMIN)
        .contentType(ContentType.JSON)
        .body(Map.of("question", "What runs on helium-3?", "k", 0))
        .post(conversation + "/ask")
        .then()
        .statusCode(400)
        .body("detail", containsString("k must be"));
    // a title too long, at creation and renaming; a blank one when renaming
    as(ADMIN)
        .contentType(ContentType.JSON)
        .body(Map.of("title", "x".repeat(201)))
        .post("/api/kbs/" + kb + "/conversations")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("detail", containsString("200"));
    as(ADMIN)
        .contentType(ContentType.JSON)
        .body(Map.of("title", "x".repeat(201)))
        .patch(conversation)
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
    as(ADMIN)
        .contentType(ContentType.JSON)
        .body(Map.of("title", " "))
        .patch(conversation)
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
    // an unknown id
    as(ADMIN)
        .contentType(ContentType.JSON)
        .body(Map.of("question", "What runs on helium-3?"))
        .post("/api/kbs/" + kb + "/conversations/no-such-id/ask")
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("detail", containsString("no-such-id"));
    JsonPath kept = get(ADMIN, id).then().statusCode(200).extract().jsonPath();
    assertThat(kept.getString("title")).isEqualTo("Kept");
    assertThat(kept.getList("turns")).isEmpty();
  }

  @Test
  void should_delete_the_conversations_of_a_deleted_knowledge_base_and_of_a_revoked_key() {
    // given
    String reader = Api.newKey(kb, "reader");
    String readerId = keyIdOf(reader);
    String ofReader = create(reader, Map.of());
    ask(reader, ofReader, "What does the Zorblat reactor run on?");
    String ofAdmin = create(ADMIN, Map.of());
    ask(ADMIN, ofAdmin, "What does the Zorblat reactor run on?");

    // when: the reader's key is revoked
    as(ADMIN).delete("/api/keys/" + readerId).then().statusCode(204);

    // then
    assertThat(turnsOf(ofReader)).isZero();
    assertThat(conversationExists(ofReader)).isFalse();
    assertThat(conversationExists(ofAdmin)).isTrue();

    // when: the knowledge base is deleted
    as(ADMIN).delete("/api/kbs/" + kb).then().statusCode(204);

    // then
    assertThat(turnsOf(ofAdmin)).isZero();
    assertThat(conversationExists(ofAdmin)).isFalse();
  }

  @Test
  void should_read_the_whole_message_list_of_a_chat_completion() {
    // when
    JsonPath completion =
        as(ADMIN)
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "model",
                    kb,
                    "messages",
                    List.of(
                        Map.of("role", "system", "content", "Be brief."),
                        Map.of("role", "user", "content", "What does the Zorblat reactor run on?"),
                        Map.of("role", "assistant", "content", "Helium-3 [1]."),
                        Map.of("role", "user", "content", "When was it commissioned?"))))
            .post("/v1/chat/completions")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();

    // then
    assertThat(completion.getString("query"))
        .isEqualTo("When was it commissioned? Zorblat reactor run");
    assertThat(completion.getString("choices[0].message.content"))
        .contains("2031")
        .doesNotContain("1999");
  }

  private String create(String key, Map<String, String> body) {
    return as(key)
        .contentType(ContentType.JSON)
        .body(body)
        .post("/api/kbs/" + kb + "/conversations")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  private JsonPath ask(String key, String id, String question) {
    return as(key)
        .contentType(ContentType.JSON)
        .body(Map.of("question", question))
        .post("/api/kbs/" + kb + "/conversations/" + id + "/ask")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  private io.restassured.response.Response get(String key, String id) {
    return as(key).get("/api/kbs/" + kb + "/conversations/" + id);
  }

  private String keyIdOf(String key) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                dev.quarry.api.catalogue.ApiKey.findByHash(dev.quarry.api.security.Keys.hash(key))
                    .orElseThrow()
                    .id);
  }

  private static long turnsOf(String id) {
    return QuarkusTransaction.requiringNew()
        .call(() -> ConversationTurn.count("key.conversationId", id));
  }

  private static boolean conversationExists(String id) {
    return QuarkusTransaction.requiringNew().call(() -> Conversation.findById(id) != null);
  }
}
