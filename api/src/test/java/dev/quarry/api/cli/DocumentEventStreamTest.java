package dev.quarry.api.cli;

import static dev.quarry.api.testing.Api.ADMIN;
import static dev.quarry.api.testing.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quarry.api.testing.Api;
import dev.quarry.api.testing.TempDataDir;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What {@code ./quarry ingest --url} waits on: a knowledge base's document events. */
@QuarkusTest
@WithTestResource(TempDataDir.class)
class DocumentEventStreamTest {

  @TestHTTPResource("/")
  URI server;

  @Test
  void should_deliver_every_status_change_made_after_it_opened() throws Exception {
    // given
    String kb = Api.createKb("Followed");
    QuarryClient client = new QuarryClient(server, ADMIN);

    try (DocumentEventStream events = DocumentEventStream.open(client, kb)) {
      // when: an upload made as soon as the stream is open
      String id = Api.upload(ADMIN, kb, Api.file("followed.txt", "Events tell the end.")).get(0);

      // then: its changes arrive in order, up to READY
      List<String> statuses = new ArrayList<>();
      while (!statuses.contains("READY")) {
        JsonNode d = events.next(Duration.ofSeconds(60)).orElseThrow();
        assertThat(d.path("id").asText()).isEqualTo(id);
        statuses.add(d.path("status").asText());
      }
      assertThat(statuses).containsExactly("QUEUED", "PROCESSING", "READY");
      assertThat(events.ended()).isFalse();
    }
  }

  @Test
  void should_end_when_the_server_closes_the_stream_and_refuse_to_reopen_it_when_the_kb_is_gone()
      throws Exception {
    // given
    String kb = Api.createKb("Fleeting");
    QuarryClient client = new QuarryClient(server, ADMIN);

    try (DocumentEventStream events = DocumentEventStream.open(client, kb)) {
      // when: the knowledge base is deleted, so the server ends its streams
      as(ADMIN).delete("/api/kbs/" + kb).then().statusCode(204);

      // then
      Optional<JsonNode> next = events.next(Duration.ofSeconds(30));
      assertThat(next).as("no document event after the deletion").isEmpty();
      assertThat(events.ended()).isTrue();
      assertThatThrownBy(events::reopen)
          .isInstanceOfSatisfying(
              QuarryClient.ClientException.class, e -> assertThat(e.status()).isEqualTo(404));
    }
  }

  @Test
  void should_refuse_to_open_when_the_key_may_not_read_the_knowledge_base() {
    String kb = Api.createKb("Guarded");
    String other = Api.createKb("Elsewhere");
    QuarryClient stranger = new QuarryClient(server, Api.newKey(other, "reader"));

    assertThatThrownBy(() -> DocumentEventStream.open(stranger, kb))
        .isInstanceOfSatisfying(
            QuarryClient.ClientException.class, e -> assertThat(e.status()).isIn(403, 404));
  }
}
