package dev.quarry.api.replicas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.api.catalogue.DocumentStatus;
import dev.quarry.api.ingest.DocumentEvent;
import dev.quarry.api.ingest.IngestionEvents;
import dev.quarry.api.testing.PostgresAvailable;
import dev.quarry.api.testing.PostgresProfile;
import dev.quarry.api.testing.TempDataDir;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Events cross servers through PostgreSQL, and a server whose listening connection drops misses
 * none of them: what was announced meanwhile is read from the outbox once it listens again, and
 * nothing reaches a stream twice. "Another server" here is what one writes to the catalogue.
 */
@QuarkusTest
@TestProfile(PostgresProfile.class)
@WithTestResource(TempDataDir.class)
@ExtendWith(PostgresAvailable.class)
class PostgresEventRelayTest {

  @Inject EventRelay relay;
  @Inject IngestionEvents events;
  @Inject AgroalDataSource dataSource;
  @Inject ObjectMapper json;

  @Test
  void should_hand_over_once_every_event_announced_while_the_listener_was_cut_off()
      throws Exception {
    // given a stream of a knowledge base, on a server that listens
    String kb = "relay-kb";
    Queue<DocumentEvent> seen = new ConcurrentLinkedQueue<>();
    Cancellable stream = events.of(kb).subscribe().with(seen::add);
    await().atMost(Duration.ofSeconds(10)).until(relay::listening);
    announceAsAnotherServer(event(kb, "before.txt"));
    await().atMost(Duration.ofSeconds(10)).until(() -> names(seen).contains("before.txt"));

    // when its listening connection is cut, and events are sent while it is down
    cutTheListener();
    await().atMost(Duration.ofSeconds(10)).until(() -> !relay.listening());
    announceAsAnotherServer(event(kb, "elsewhere.txt"));
    relay.send(event(kb, "here.txt"));

    // then once it listens again, its stream has every event, each once
    await().atMost(Duration.ofSeconds(20)).until(relay::listening);
    announceAsAnotherServer(event(kb, "after.txt"));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> names(seen).contains("after.txt") && names(seen).size() >= 4);
    Thread.sleep(500); // a double would arrive within this
    stream.cancel();
    assertThat(names(seen))
        .containsExactlyInAnyOrder("before.txt", "elsewhere.txt", "here.txt", "after.txt");
    assertThat(names(seen).indexOf("elsewhere.txt")).isLessThan(names(seen).indexOf("after.txt"));
  }

  @Test
  void should_drop_an_unreadable_announcement_and_keep_listening() throws Exception {
    // given a stream, on a server that listens
    String kb = "garbage-kb";
    Queue<DocumentEvent> seen = new ConcurrentLinkedQueue<>();
    Cancellable stream = events.of(kb).subscribe().with(seen::add);
    await().atMost(Duration.ofSeconds(10)).until(relay::listening);

    // when whoever can write to the catalogue announces what is no event: a bare notification,
    // and an outbox row that is not JSON
    try (Connection c = dataSource.getConnection();
        PreparedStatement bare = c.prepareStatement("SELECT pg_notify(?, 'no id, no event')")) {
      bare.setString(1, EventRelay.CHANNEL);
      bare.execute();
    }
    announceAsAnotherServer("{not json");
    announceAsAnotherServer(event(kb, "good.txt"));

    // then both are dropped, and the next event still arrives, once
    await().atMost(Duration.ofSeconds(10)).until(() -> names(seen).contains("good.txt"));
    stream.cancel();
    assertThat(names(seen)).containsExactly("good.txt");
    assertThat(relay.listening()).isTrue();
  }

  @Test
  void should_forget_events_older_than_it_keeps_them_and_keep_the_recent_ones() throws Exception {
    // given an event written longer ago than the outbox keeps events, and one just now
    String kb = "prune-kb";
    announceAsAnotherServer(event(kb, "recent.txt"));
    try (Connection c = dataSource.getConnection();
        PreparedStatement old =
            c.prepareStatement(
                "INSERT INTO event_outbox (server_id, payload, created_at) VALUES (?, ?, ?)")) {
      old.setString(1, "another-server");
      old.setString(2, json.writeValueAsString(new EventRelay.Notice(event(kb, "old.txt"), null)));
      old.setObject(
          3,
          OffsetDateTime.now(ZoneOffset.UTC)
              .minus(EventRelay.RETAINED)
              .minus(Duration.ofMinutes(1)));
      old.executeUpdate();
    }

    // when
    relay.prune();

    // then
    assertThat(outboxNames()).contains("recent.txt").doesNotContain("old.txt");
  }

  private List<String> outboxNames() throws Exception {
    List<String> names = new java.util.ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement all = c.prepareStatement("SELECT payload FROM event_outbox");
        ResultSet rows = all.executeQuery()) {
      while (rows.next()) {
        EventRelay.Notice notice = json.readValue(rows.getString(1), EventRelay.Notice.class);
        if (notice.document() != null) {
          names.add(notice.document().name());
        }
      }
    }
    return names;
  }

  private static DocumentEvent event(String kb, String name) {
    return new DocumentEvent("doc-" + name, kb, name, DocumentStatus.READY, 1, 1, null, false);
  }

  private static List<String> names(Queue<DocumentEvent> seen) {
    return seen.stream().map(DocumentEvent::name).toList();
  }

  /** What another server on the same catalogue does to send an event. */
  private void announceAsAnotherServer(DocumentEvent event) throws Exception {
    announceAsAnotherServer(json.writeValueAsString(new EventRelay.Notice(event, null)));
  }

  private void announceAsAnotherServer(String payload) throws Exception {
    try (Connection c = dataSource.getConnection();
        PreparedStatement announce = c.prepareStatement(EventRelay.ANNOUNCE)) {
      announce.setString(1, "another-server");
      announce.setString(2, payload);
      announce.setString(3, EventRelay.CHANNEL);
      announce.setString(4, payload);
      try (ResultSet written = announce.executeQuery()) {
        assertThat(written.next()).isTrue();
      }
    }
  }

  /** Ends this server's listening connection, as a network cut or a restarted pooler would. */
  private void cutTheListener() throws Exception {
    try (Connection c = dataSource.getConnection();
        PreparedStatement cut =
            c.prepareStatement(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    + " WHERE application_name = ? AND datname = current_database()")) {
      cut.setString(1, EventRelay.LISTENER_NAME);
      try (ResultSet r = cut.executeQuery()) {
        assertThat(r.next()).as("a listening connection to cut").isTrue();
      }
    }
  }
}
