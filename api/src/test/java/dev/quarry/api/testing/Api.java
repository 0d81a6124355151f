package dev.quarry.api.testing;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A small client for the REST API, so tests read as steps a user takes. */
public final class Api {

  public static final String ADMIN = "test-admin-key";

  private Api() {}

  public static RequestSpecification as(String key) {
    return given().header("Authorization", "Bearer " + key);
  }

  public static String createKb(String name) {
    return createKb(as(ADMIN), name);
  }

  /** Creates a knowledge base named {@code name} through {@code server}; its id. */
  public static String createKb(RequestSpecification server, String name) {
    return server
        .contentType(ContentType.JSON)
        .body(Map.of("name", name))
        .post("/api/kbs")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  /** A text file in a temp folder. */
  public static Path file(String name, String text) {
    try {
      Path dir = Files.createTempDirectory("quarry-upload-");
      return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Uploads files and returns their document ids, in order. */
  public static List<String> upload(String key, String kb, Path... files) {
    RequestSpecification request = as(key);
    for (Path f : files) {
      request = request.multiPart("file", f.toFile());
    }
    return request
        .post("/api/kbs/" + kb + "/documents")
        .then()
        .statusCode(202)
        .extract()
        .jsonPath()
        .getList("id", String.class);
  }

  /** Waits until the document reaches READY or FAILED and returns it. */
  public static JsonPath awaitSettled(String kb, String documentId) {
    JsonPath[] last = new JsonPath[1];
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              last[0] =
                  as(ADMIN)
                      .get("/api/kbs/" + kb + "/documents/" + documentId)
                      .then()
                      .statusCode(200)
                      .extract()
                      .jsonPath();
              String status = last[0].getString("status");
              return "READY".equals(status) || "FAILED".equals(status);
            });
    return last[0];
  }

  public static JsonPath awaitReady(String kb, String documentId) {
    JsonPath doc = awaitSettled(kb, documentId);
    if (!"READY".equals(doc.getString("status"))) {
      throw new AssertionError("document " + documentId + " failed: " + doc.getString("error"));
    }
    return doc;
  }

  public static JsonPath search(String key, String kb, String query) {
    return as(key)
        .contentType(ContentType.JSON)
        .body(Map.of("query", query, "k", 5))
        .post("/api/kbs/" + kb + "/search")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  public static JsonPath ask(String key, String kb, String question) {
    return as(key)
        .contentType(ContentType.JSON)
        .body(Map.of("question", question))
        .post("/api/kbs/" + kb + "/ask")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  public static String newKey(String kb, String role) {
    return as(ADMIN)
        .contentType(ContentType.JSON)
        .body(Map.of("kb", kb, "role", role))
        .post("/api/keys")
        .then()
        .statusCode(201)
        .extract()
        .path("key");
  }
}
