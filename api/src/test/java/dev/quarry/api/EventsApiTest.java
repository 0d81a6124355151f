package dev.quarry.api;

import static dev.quarry.api.testing.Api.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.quarry.api.testing.Api;
import dev.quarry.api.testing.TempDataDir;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
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
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(TempDataDir.class)
class EventsApiTest {

  @TestHTTPResource("/")
  URI root;

  @Test
  void should_stream_each_status_of_an_upload_as_server_sent_events() throws Exception {
    // given: a listener on the knowledge base's events
    String kb = Api.createKb("Watched");
    List<String> data = new CopyOnWriteArrayList<>();
    HttpResponse<InputStream> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(root.resolve("/api/kbs/" + kb + "/events"))
                    .header("Authorization", "Bearer " + ADMIN)
                    .header("Accept", "text/event-stream")
                    .build(),
                HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.statusCode()).isEqualTo(200);
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                  if (line.startsWith("data:")) {
                    data.add(line);
                  }
                }
              } catch (Exception e) {
                // the stream is closed at the end of the test
              }
            });
    reader.setDaemon(true);
    reader.start();

    // when
    String id = Api.upload(ADMIN, kb, Api.file("watched.txt", "Progress is visible.")).get(0);

    // then
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> data.stream().anyMatch(d -> d.contains("\"status\":\"READY\"")));
    List<String> mine = data.stream().filter(d -> d.contains(id)).toList();
    assertThat(String.join("\n", mine))
        .containsSubsequence("\"QUEUED\"", "\"PROCESSING\"", "\"READY\"");
    response.body().close();
  }
}
