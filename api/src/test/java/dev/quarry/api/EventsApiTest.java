package dev.quarry.api;

import static dev.quarry.api.testing.Api.ADMIN;
import static dev.quarry.api.testing.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.quarry.api.engine.Pipelines;
import dev.quarry.api.ingest.DocumentEvent;
import dev.quarry.api.ingest.IngestionEvents;
import dev.quarry.api.testing.Api;
import dev.quarry.api.testing.TempDataDir;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(TempDataDir.class)
class EventsApiTest {

  @TestHTTPResource("/")
  URI root;

  @Inject IngestionEvents events;
  @Inject Pipelines pipelines;

  @Test
  void should_stream_each_status_of_an_upload_as_server_sent_events() throws Exception {
    // given: a listener on the knowledge base's events
    String kb = Api.createKb("Watched");
    OpenStream stream = open(kb, ADMIN);
    List<String> lines = stream.lines();

    // when
    String id = Api.upload(ADMIN, kb, Api.file("watched.txt", "Progress is visible.")).get(0);

    // then
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> lines.stream().anyMatch(d -> d.contains("\"status\":\"READY\"")));
    List<String> mine =
        lines.stream().filter(d -> d.startsWith("data:")).filter(d -> d.contains(id)).toList();
    assertThat(String.join("\n", mine))
        .containsSubsequence("\"QUEUED\"", "\"PROCESSING\"", "\"READY\"");
    stream.close();
  }

  @Test
  void should_stream_the_progress_of_a_reindex_until_the_switch() throws Exception {
    // given two indexed documents and a listener on the knowledge base's events
    String kb = Api.createKb("Re-indexed");
    Api.awaitReady(kb, Api.upload(ADMIN, kb, Api.file("a.txt", "Alpha lanterns glow.")).get(0));
    Api.awaitReady(kb, Api.upload(ADMIN, kb, Api.file("b.txt", "Beta kites climb.")).get(0));
    OpenStream stream = open(kb, ADMIN);
    List<String> lines = stream.lines();

    // when the chunk settings change
    as(ADMIN)
        .contentType(ContentType.JSON)
        .body(Map.of("chunkTokens", 64, "chunkOverlap", 0))
        .patch("/api/kbs/" + kb)
        .then()
        .statusCode(200);

    // then the stream tells the start, each document done, and the switch
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> lines.stream().anyMatch(l -> l.contains("\"state\":\"completed\"")));
    List<String> reindex =
        lines.stream().filter(l -> l.contains("\"state\":")).filter(l -> l.contains(kb)).toList();
    // (two documents may finish in two batches, so only the first and last events are ordered)
    assertThat(reindex.get(0))
        .contains("\"state\":\"started\",\"generation\":1,\"done\":0,\"total\":2");
    assertThat(reindex.get(reindex.size() - 1))
        .contains("\"state\":\"completed\",\"generation\":1,\"done\":2,\"total\":2");
    assertThat(reindex)
        .anyMatch(
            l -> l.contains("\"state\":\"progress\",\"generation\":1,\"done\":2,\"total\":2"));
    assertThat(lines).contains("event:reindex");
    stream.close();
  }

  @Test
  void should_announce_a_deleted_document_only_once_its_passages_are_out_of_the_index() {
    // given: an indexed document, and a listener that looks into the index when told of a deletion
    String kb = Api.createKb("Deleted document watcher");
    String id = Api.upload(ADMIN, kb, Api.file("gone.txt", "Cobalt lanterns hum.")).get(0);
    Api.awaitReady(kb, id);
    List<Integer> passagesWhenTold = new CopyOnWriteArrayList<>();
    Cancellable listener =
        events
            .of(kb)
            .filter(DocumentEvent::deleted)
            .subscribe()
            .with(e -> passagesWhenTold.add(pipelines.index(kb).chunksOf(e.id()).size()));

    // when
    as(ADMIN).delete("/api/kbs/" + kb + "/documents/" + id).then().statusCode(204);

    // then: whoever hears "deleted" and asks at once is not answered from the document
    await().atMost(Duration.ofSeconds(10)).until(() -> !passagesWhenTold.isEmpty());
    assertThat(passagesWhenTold).containsExactly(0);
    listener.cancel();
  }

  @Test
  void should_close_the_stream_of_a_key_when_the_key_is_revoked() throws Exception {
    // given: a reader key's open stream
    String kb = Api.createKb("Revoked watcher");
    JsonPath created =
        Api.as(ADMIN)
            .contentType(ContentType.JSON)
            .body(Map.of("kb", kb, "role", "reader"))
            .post("/api/keys")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath();
    OpenStream stream = open(kb, created.getString("key"));

    // when: the key is revoked
    Api.as(ADMIN).delete("/api/keys/" + created.getString("id")).then().statusCode(204);

    // then: the server ends the stream, saying why
    await().atMost(Duration.ofSeconds(20)).until(stream::ended);
    assertThat(stream.lines()).contains("event:closed").anyMatch(l -> l.contains("revoked"));
  }

  @Test
  void should_close_the_streams_of_a_knowledge_base_when_it_is_deleted() throws Exception {
    // given: the admin's open stream on a knowledge base
    String kb = Api.createKb("Deleted watcher");
    OpenStream stream = open(kb, ADMIN);

    // when
    Api.as(ADMIN).delete("/api/kbs/" + kb).then().statusCode(204);

    // then
    await().atMost(Duration.ofSeconds(20)).until(stream::ended);
    assertThat(stream.lines()).contains("event:closed").anyMatch(l -> l.contains("deleted"));
  }

  /**
   * A stream read on its own thread: its lines so far ({@code "event: x"} read as {@code
   * "event:x"}), and whether the server ended it.
   */
  private record OpenStream(
      List<String> lines, AtomicBoolean end, HttpResponse<InputStream> response) {
    boolean ended() {
      return end.get();
    }

    void close() throws Exception {
      response.body().close();
    }
  }

  /** Opens the knowledge base's event stream with {@code key}, once its first line has come. */
  private OpenStream open(String kb, String key) throws Exception {
    HttpResponse<InputStream> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(root.resolve("/api/kbs/" + kb + "/events"))
                    .header("Authorization", "Bearer " + key)
                    .header("Accept", "text/event-stream")
                    .build(),
                HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.statusCode()).isEqualTo(200);
    OpenStream stream = new OpenStream(new CopyOnWriteArrayList<>(), new AtomicBoolean(), response);
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                  stream.lines().add(line.replace(": ", ":"));
                }
                stream.end().set(true);
              } catch (Exception e) {
                stream.end().set(true);
              }
            });
    reader.setDaemon(true);
    reader.start();
    await().atMost(Duration.ofSeconds(20)).until(() -> !stream.lines().isEmpty());
    return stream;
  }
}
