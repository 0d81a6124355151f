package dev.quarry.api;

import static dev.quarry.api.testing.Api.ADMIN;
import static dev.quarry.api.testing.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import dev.quarry.api.testing.Api;
import dev.quarry.api.testing.TempDataDir;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(TempDataDir.class)
class AskApiTest {

  private String kb;

  @BeforeEach
  void a_knowledge_base_about_reactors() {
    kb = Api.createKb("Reactors");
    Api.awaitReady(
        kb,
        Api.upload(
                ADMIN,
                kb,
                Api.file(
                    "reactor.md",
                    "# Zorblat\n\nThe Zorblat reactor runs on helium-3. It was commissioned in"
                        + " 2031. Its core is cooled by liquid sodium.\n"))
            .get(0));
  }

  @Test
  void should_answer_extractively_with_a_citation_and_its_highlighted_passage() {
    // when
    JsonPath answer = Api.ask(ADMIN, kb, "What does the Zorblat reactor run on?");

    // then
    assertThat(answer.getString("mode")).isEqualTo("extractive");
    assertThat(answer.getString("answer")).contains("helium-3").contains("[1]");
    assertThat(answer.getString("citations[0].documentName")).isEqualTo("reactor.md");
    String text = answer.getString("citations[0].text");
    int start = answer.getInt("citations[0].highlight.start");
    int end = answer.getInt("citations[0].highlight.end");
    assertThat(text.substring(start, end)).contains("helium-3");
    assertThat(answer.getDouble("timings.totalMs")).isPositive();
  }

  @Test
  void should_stream_token_events_then_a_done_event() {
    // when
    String body =
        as(ADMIN)
            .contentType(ContentType.JSON)
            .accept("text/event-stream")
            .body(Map.of("question", "What cools the Zorblat core?"))
            .post("/api/kbs/" + kb + "/ask")
            .then()
            .statusCode(200)
            .extract()
            .asString();

    // then
    int token = body.indexOf("event:token");
    int done = body.indexOf("event:done");
    assertThat(token).isNotNegative();
    assertThat(done).isGreaterThan(token);
    assertThat(body.substring(done)).contains("\"mode\":\"extractive\"").contains("sodium");
  }

  @Test
  void should_refuse_an_empty_question_with_a_problem() {
    as(ADMIN)
        .contentType(ContentType.JSON)
        .body(Map.of("question", "   "))
        .post("/api/kbs/" + kb + "/ask")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("detail", containsString("empty"));
    as(ADMIN)
        .contentType(ContentType.JSON)
        .accept("text/event-stream")
        .body(Map.of("question", ""))
        .post("/api/kbs/" + kb + "/ask")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
    as(ADMIN)
        .contentType(ContentType.JSON)
        .body(Map.of("question", "q", "k", 0))
        .post("/api/kbs/" + kb + "/ask")
        .then()
        .statusCode(400)
        .body("detail", containsString("k must be"));
  }

  @Test
  void should_decline_a_question_the_documents_do_not_cover_and_offer_related_passages() {
    // when
    JsonPath answer = Api.ask(ADMIN, kb, "How do I create a pivot table in a spreadsheet?");

    // then
    assertThat(answer.getString("mode")).isEqualTo("abstained");
    assertThat(answer.getString("abstention.reason")).isEqualTo("weak_evidence");
    assertThat(answer.getString("abstention.detail")).isNotBlank();
    assertThat(answer.getList("citations")).isEmpty();
    assertThat(answer.getDouble("evidence")).isLessThan(0.65);
    assertThat(answer.getString("related[0].documentName")).isEqualTo("reactor.md");
  }

  @Test
  void should_answer_anyway_when_the_request_lowers_the_threshold_to_zero() {
    // when
    JsonPath answer =
        as(ADMIN)
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "question",
                    "How do I create a pivot table in a spreadsheet?",
                    "minEvidence",
                    0))
            .post("/api/kbs/" + kb + "/ask")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();

    // then
    assertThat(answer.getString("mode")).isEqualTo("extractive");
    assertThat(answer.getList("related")).isEmpty();
  }

  @Test
  void should_refuse_a_threshold_outside_zero_to_one_with_a_problem() {
    for (String accept : new String[] {"application/json", "text/event-stream"}) {
      as(ADMIN)
          .contentType(ContentType.JSON)
          .accept(accept)
          .body(Map.of("question", "What cools the core?", "minEvidence", 1.5))
          .post("/api/kbs/" + kb + "/ask")
          .then()
          .statusCode(400)
          .contentType("application/problem+json")
          .body("detail", containsString("minEvidence"));
    }
  }

  @Test
  void should_abstain_when_the_knowledge_base_is_empty() {
    String empty = Api.createKb("Empty");
    JsonPath answer = Api.ask(ADMIN, empty, "What does the Zorblat reactor run on?");
    assertThat(answer.getString("mode")).isEqualTo("abstained");
    assertThat(answer.getString("abstention.reason")).isEqualTo("no_passages");
    assertThat(answer.getString("answer")).contains("does not contain");
    assertThat(answer.getList("citations")).isEmpty();
  }

  @Test
  void should_answer_openai_chat_completions_with_cited_content() {
    // when
    JsonPath completion =
        as(ADMIN)
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "model",
                    "Reactors",
                    "messages",
                    java.util.List.of(
                        Map.of(
                            "role", "user", "content", "What does the Zorblat reactor run on?"))))
            .post("/v1/chat/completions")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();

    // then
    assertThat(completion.getString("object")).isEqualTo("chat.completion");
    assertThat(completion.getString("choices[0].message.content"))
        .contains("helium-3")
        .contains("Sources:")
        .contains("reactor.md");
    assertThat(completion.getString("citations[0].documentName")).isEqualTo("reactor.md");
  }

  @Test
  void should_stream_openai_chunks_ending_with_done() {
    String body =
        as(ADMIN)
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "model",
                    kb,
                    "stream",
                    true,
                    "messages",
                    java.util.List.of(Map.of("role", "user", "content", "What cools the core?"))))
            .post("/v1/chat/completions")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    assertThat(body).contains("chat.completion.chunk").contains("sodium");
    assertThat(body.strip()).endsWith("data: [DONE]");
  }
}
