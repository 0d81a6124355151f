package dev.quarry.api;

import static dev.quarry.api.testing.Api.ADMIN;
import static dev.quarry.api.testing.Api.as;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.api.testing.Api;
import dev.quarry.api.testing.TempDataDir;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed requests, each answered with an RFC 7807 problem that says what is wrong: never a 500,
 * never an empty body. One table; {@code {kb}} in a path stands for a knowledge base that exists.
 */
@QuarkusTest
@WithTestResource(TempDataDir.class)
class MalformedInputTest {

  private static final String JSON = "application/json";

  /**
   * One malformed request and what it must get.
   *
   * @param body the request body as text, or null for none
   * @param detail a fragment the problem's {@code detail} must contain (ignoring case)
   */
  record Case(
      String name,
      String method,
      String path,
      String contentType,
      String body,
      int status,
      String detail) {

    @Override
    public String toString() {
      return name;
    }
  }

  private static String kb;

  @BeforeEach
  void a_knowledge_base() {
    if (kb == null) {
      kb = Api.createKb("Malformed input");
    }
  }

  static Stream<Case> cases() {
    String deep = "[".repeat(100_000) + "]".repeat(100_000);
    return Stream.of(
        // filters
        new Case(
            "a filter field whose values are null",
            "POST",
            "/api/kbs/{kb}/search",
            JSON,
            "{\"query\":\"x\",\"filters\":{\"mediaType\":null}}",
            400,
            "filter 'mediaType'"),
        new Case(
            "a filter value that is null",
            "POST",
            "/api/kbs/{kb}/search",
            JSON,
            "{\"query\":\"x\",\"filters\":{\"mediaType\":[null]}}",
            400,
            "filter 'mediaType'"),
        new Case(
            "filters given as a list",
            "POST",
            "/api/kbs/{kb}/search",
            JSON,
            "{\"query\":\"x\",\"filters\":[\"mediaType\"]}",
            400,
            "filters"),
        // k
        new Case(
            "k as text",
            "POST",
            "/api/kbs/{kb}/search",
            JSON,
            "{\"query\":\"x\",\"k\":\"abc\"}",
            400,
            "k: expected a whole number"),
        new Case(
            "k as text in a question",
            "POST",
            "/api/kbs/{kb}/ask",
            JSON,
            "{\"question\":\"x\",\"k\":\"abc\"}",
            400,
            "k: expected a whole number"),
        new Case(
            "a negative k",
            "POST",
            "/api/kbs/{kb}/search",
            JSON,
            "{\"query\":\"x\",\"k\":-3}",
            400,
            "k must be between 1 and"),
        new Case(
            "k beyond a 32-bit number",
            "POST",
            "/api/kbs/{kb}/search",
            JSON,
            "{\"query\":\"x\",\"k\":99999999999}",
            400,
            "k: "),
        new Case(
            "minEvidence as an object",
            "POST",
            "/api/kbs/{kb}/ask",
            JSON,
            "{\"question\":\"x\",\"minEvidence\":{}}",
            400,
            "minEvidence: expected a number"),
        // bodies that are not the expected JSON object
        new Case(
            "a JSON array where an object is expected",
            "POST",
            "/api/kbs/{kb}/search",
            JSON,
            "[\"query\",\"x\"]",
            400,
            "expected a JSON object"),
        new Case(
            "a JSON string where an object is expected",
            "POST",
            "/api/kbs",
            JSON,
            "\"Handbook\"",
            400,
            "expected a JSON object"),
        new Case(
            "100,000 nested arrays as the body",
            "POST",
            "/api/kbs/{kb}/search",
            JSON,
            deep,
            400,
            "expected a JSON object"),
        new Case(
            "100,000 nested arrays in a field the call ignores",
            "POST",
            "/api/kbs/{kb}/search",
            JSON,
            "{\"query\":\"x\",\"extra\":" + deep + "}",
            400,
            "nested too deeply"),
        new Case(
            "100,000 nested arrays as a chat message's content",
            "POST",
            "/v1/chat/completions",
            JSON,
            "{\"model\":\"{kb}\",\"messages\":[{\"role\":\"user\",\"content\":" + deep + "}]}",
            400,
            "nested too deeply"),
        new Case(
            "JSON cut off in the middle",
            "POST",
            "/api/kbs/{kb}/search",
            JSON,
            "{\"query\":\"x\",",
            400,
            "not valid JSON"),
        new Case(
            "JSON with a syntax error",
            "POST",
            "/api/kbs/{kb}/search",
            JSON,
            "{\"query\" \"x\"}",
            400,
            "not valid JSON"),
        new Case(
            "a knowledge base name sent as an object",
            "POST",
            "/api/kbs",
            JSON,
            "{\"name\":{\"en\":\"Handbook\"}}",
            400,
            "name: expected a text"),
        new Case(
            "a role that does not exist",
            "POST",
            "/api/keys",
            JSON,
            "{\"kb\":\"{kb}\",\"role\":\"owner\"}",
            400,
            "Unknown role"),
        new Case(
            "a chat message that is null",
            "POST",
            "/v1/chat/completions",
            JSON,
            "{\"model\":\"{kb}\",\"messages\":[null]}",
            400,
            "message"),
        new Case(
            "a text body where JSON is expected",
            "POST",
            "/api/kbs/{kb}/search",
            "text/plain",
            "query=x",
            415,
            "content type"),
        // knowledge-base names
        new Case(
            "a name with a control character",
            "POST",
            "/api/kbs",
            JSON,
            "{\"name\":\"Hand\\u0007book\"}",
            400,
            "control or direction-changing character U+0007"),
        new Case(
            "a name with a right-to-left override",
            "POST",
            "/api/kbs",
            JSON,
            "{\"name\":\"invoice\\u202Efdp.exe\"}",
            400,
            "U+202E"),
        new Case(
            "a name with a left-to-right embedding",
            "POST",
            "/api/kbs",
            JSON,
            "{\"name\":\"\\u202AHandbook\"}",
            400,
            "U+202A"),
        new Case(
            "a name with a first-strong isolate",
            "POST",
            "/api/kbs",
            JSON,
            "{\"name\":\"Hand\\u2068book\\u2069\"}",
            400,
            "U+2068"),
        new Case(
            "a name with a line separator",
            "POST",
            "/api/kbs",
            JSON,
            "{\"name\":\"Hand\\u2028book\"}",
            400,
            "U+2028"),
        new Case(
            "a name of zero-width characters only",
            "POST",
            "/api/kbs",
            JSON,
            "{\"name\":\"\\u200B\\u200C\\u200D\\uFEFF\\u2060\"}",
            400,
            "needs a name"),
        new Case(
            "a rename to zero-width spaces",
            "PATCH",
            "/api/kbs/{kb}",
            JSON,
            "{\"name\":\" \\u200B \"}",
            400,
            "needs a name"),
        // paging
        new Case(
            "a page far beyond any document",
            "GET",
            "/api/kbs/{kb}/documents?page=2147483647&size=500",
            null,
            null,
            400,
            "page"),
        new Case(
            "a page that is not a number",
            "GET",
            "/api/kbs/{kb}/documents?page=abc",
            null,
            null,
            400,
            "page"),
        new Case(
            "an unknown status",
            "GET",
            "/api/kbs/{kb}/documents?status=LOST",
            null,
            null,
            400,
            "Unknown status 'LOST'"),
        // multipart
        new Case(
            "a multipart body that breaks off",
            "POST",
            "/api/kbs/{kb}/documents",
            "multipart/form-data; boundary=XyZ",
            "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\nhello",
            400,
            "multipart"),
        new Case(
            "multipart without a boundary",
            "POST",
            "/api/kbs/{kb}/documents",
            "multipart/form-data",
            "hello",
            400,
            "multipart"),
        new Case(
            "an upload as JSON",
            "POST",
            "/api/kbs/{kb}/documents",
            JSON,
            "{\"file\":\"a.txt\"}",
            415,
            "content type"),
        // methods
        new Case(
            "PUT on search",
            "PUT",
            "/api/kbs/{kb}/search",
            JSON,
            "{\"query\":\"x\"}",
            405,
            "does not accept PUT"),
        new Case(
            "DELETE on the list of knowledge bases",
            "DELETE",
            "/api/kbs",
            null,
            null,
            405,
            "does not accept DELETE"),
        new Case("GET on ask", "GET", "/api/kbs/{kb}/ask", null, null, 405, "does not accept GET"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void should_answer_a_problem_that_says_what_is_wrong(Case c) {
    // given
    RequestSpecification request = as(ADMIN);
    if (c.contentType() != null) {
      request = request.contentType(c.contentType());
    }
    if (c.body() != null) {
      request = request.body(c.body().replace("{kb}", kb).getBytes(StandardCharsets.UTF_8));
    }

    // when
    Response response = request.request(c.method(), c.path().replace("{kb}", kb));

    // then
    assertThat(response.statusCode()).as(response.asString()).isEqualTo(c.status());
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.jsonPath().getInt("status")).isEqualTo(c.status());
    assertThat(response.jsonPath().getString("detail")).containsIgnoringCase(c.detail());
  }

  @Test
  void should_keep_no_partial_file_of_a_multipart_body_that_breaks_off() throws Exception {
    // given: the upload spool, as other requests left it
    java.nio.file.Path incoming =
        java.nio.file.Path.of(ConfigProvider.getConfig().getValue("quarry.data-dir", String.class))
            .resolve("blobs")
            .resolve("incoming");
    java.util.Set<java.nio.file.Path> before = files(incoming);

    // when: a file part starts and the body ends before its closing boundary
    Response response =
        as(ADMIN)
            .contentType("multipart/form-data; boundary=XyZ")
            .body(
                ("--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"cut.txt\"\r\n"
                        + "Content-Type: text/plain\r\n\r\nthe first bytes of a file")
                    .getBytes(StandardCharsets.UTF_8))
            .post("/api/kbs/" + kb + "/documents");

    // then: refused, and what was spooled of it is deleted with the request
    assertThat(response.statusCode()).isEqualTo(400);
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    java.util.Set<java.nio.file.Path> left = files(incoming);
    left.removeAll(before);
    while (!left.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(50); // the spool is cleared when the request ends, just after the response
      left = files(incoming);
      left.removeAll(before);
    }
    assertThat(left).isEmpty();
  }

  private static java.util.Set<java.nio.file.Path> files(java.nio.file.Path dir)
      throws java.io.IOException {
    try (Stream<java.nio.file.Path> list = java.nio.file.Files.list(dir)) {
      return list.collect(java.util.stream.Collectors.toCollection(java.util.HashSet::new));
    }
  }

  @Test
  void should_never_show_the_servers_data_directory_in_a_problem() {
    // given: a detail that quotes what the client sent, here a path inside the data directory
    String dataDir =
        java.nio.file.Path.of(ConfigProvider.getConfig().getValue("quarry.data-dir", String.class))
            .toAbsolutePath()
            .toString();

    // when
    Response response =
        as(ADMIN).get("/api/kbs/" + kb + "/documents?page=" + dataDir + "/blobs/ab");

    // then
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.jsonPath().getString("detail"))
        .contains("<data-dir>/blobs/ab")
        .doesNotContain(dataDir);
  }
}
