package dev.quarry.api;

import static dev.quarry.api.testing.Api.ADMIN;
import static dev.quarry.api.testing.Api.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.api.testing.Api;
import dev.quarry.api.testing.TempDataDir;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, item 2: an HTML page uploaded as {@code notes.txt} must never run as a page on Quarry's
 * origin, where its script could read the key the web UI keeps in sessionStorage. (The browser half
 * of the attack is a step of {@code ui/e2e/ui.e2e.mjs}.)
 */
@QuarkusTest
@WithTestResource(TempDataDir.class)
class StoredXssTest {

  private static final String PAGE =
      "<!doctype html><html><head><script>fetch('/leak?key='"
          + " + sessionStorage.getItem('quarry.apiKey'))</script></head>"
          + "<body><p>Meeting notes: the budget review moves to Friday.</p></body></html>\n";

  @Test
  void should_serve_an_html_upload_named_txt_as_a_sandboxed_plain_text_attachment() {
    // given
    String kb = Api.createKb("Notes");
    String id = Api.upload(ADMIN, kb, Api.file("notes.txt", PAGE)).get(0);

    // when
    Response content = as(ADMIN).get("/api/kbs/" + kb + "/documents/" + id + "/content");

    // then
    assertThat(content.statusCode()).isEqualTo(200);
    assertThat(content.contentType()).startsWith("text/plain");
    assertThat(content.header("Content-Disposition")).startsWith("attachment;");
    assertThat(content.header("Content-Disposition")).contains("notes.txt");
    assertThat(content.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(content.header("Content-Security-Policy")).startsWith("sandbox");
    assertThat(content.header("Content-Security-Policy")).contains("default-src 'none'");
    assertThat(content.asString()).isEqualTo(PAGE); // the bytes are unchanged
  }

  @Test
  void should_serve_a_passive_original_as_an_attachment_of_its_own_type() {
    // given
    String kb = Api.createKb("Guides");
    String id = Api.upload(ADMIN, kb, Api.file("guide.md", "# Guide\n\nSome text.\n")).get(0);

    // when
    Response content = as(ADMIN).get("/api/kbs/" + kb + "/documents/" + id + "/content");

    // then
    assertThat(content.statusCode()).isEqualTo(200);
    assertThat(content.contentType()).startsWith("text/");
    assertThat(content.contentType()).doesNotContain("html");
    assertThat(content.header("Content-Disposition")).startsWith("attachment;");
    assertThat(content.header("Content-Security-Policy")).startsWith("sandbox");
  }

  @Test
  void should_show_a_document_as_its_extracted_passages_in_reading_order() {
    // given
    String kb = Api.createKb("Manual");
    StringBuilder text = new StringBuilder("# Manual\n\n");
    for (int i = 1; i <= 40; i++) {
      text.append("## Part ")
          .append(i)
          .append("\n\nPart ")
          .append(i)
          .append(" explains step ")
          .append(i)
          .append(" of the assembly in plain words, with the tools it needs and why.\n\n");
    }
    String id = Api.upload(ADMIN, kb, Api.file("manual.md", text.toString())).get(0);
    Api.awaitReady(kb, id);
    String reader = Api.newKey(kb, "reader");

    // when
    JsonPath doc =
        as(reader)
            .get("/api/kbs/" + kb + "/documents/" + id + "/text")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();

    // then
    assertThat(doc.getString("name")).isEqualTo("manual.md");
    assertThat(doc.getString("status")).isEqualTo("READY");
    List<Integer> ordinals = doc.getList("passages.ordinal", Integer.class);
    assertThat(ordinals).hasSizeGreaterThan(1).isSorted();
    assertThat(ordinals.get(0)).isZero();
    String joined = String.join("\n", doc.getList("passages.text", String.class));
    assertThat(joined).contains("Part 1 explains step 1").contains("Part 40 explains step 40");
    assertThat(joined.indexOf("Part 1 explains")).isLessThan(joined.indexOf("Part 40 explains"));
  }

  @Test
  void should_answer_no_text_before_a_document_is_indexed_and_404_to_another_kb() {
    // given
    String kb = Api.createKb("Fresh");
    String other = Api.createKb("Other");
    String id = Api.upload(ADMIN, kb, Api.file("a.txt", "Alpha text.")).get(0);
    String outsider = Api.newKey(other, "admin");

    // when / then
    as(outsider).get("/api/kbs/" + kb + "/documents/" + id + "/text").then().statusCode(404);
    as(ADMIN).get("/api/kbs/" + kb + "/documents/nope/text").then().statusCode(404);
    JsonPath settled = Api.awaitReady(kb, id);
    assertThat(settled.getString("status")).isEqualTo("READY");
    assertThat(
            as(ADMIN)
                .get("/api/kbs/" + kb + "/documents/" + id + "/text")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("passages.text", String.class))
        .containsExactly("Alpha text.");
  }

  @Test
  void should_serve_the_web_ui_under_a_policy_without_inline_script_or_framing() {
    for (String path : List.of("/", "/index.html", "/js/main.js", "/app.css")) {
      // when
      Response page = given().get(path);

      // then
      assertThat(page.statusCode()).as(path).isEqualTo(200);
      String policy = page.header("Content-Security-Policy");
      assertThat(policy).as(path).contains("script-src 'self'").contains("frame-ancestors 'none'");
      assertThat(policy).as(path).doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
      assertThat(page.header("X-Content-Type-Options")).as(path).isEqualTo("nosniff");
      assertThat(page.header("Referrer-Policy")).as(path).isEqualTo("no-referrer");
      assertThat(page.header("Cache-Control")).as(path).isNotNull().doesNotContain("immutable");
    }
  }

  @Test
  void should_send_the_same_protective_headers_with_api_answers() {
    // when
    Response answer = as(ADMIN).get("/api/kbs");

    // then
    assertThat(answer.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(answer.header("Referrer-Policy")).isEqualTo("no-referrer");
    assertThat(answer.header("Content-Security-Policy")).contains("frame-ancestors 'none'");
  }
}
