package dev.quarry.api.replicas;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.api.catalogue.CatalogueDatabase;
import dev.quarry.api.ingest.DocumentEvent;
import dev.quarry.api.ingest.IngestionEvents;
import dev.quarry.api.ingest.ReindexEvent;
import io.agroal.api.AgroalDataSource;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.eclipse.microprofile.context.ThreadContext;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Carries document and re-index events to every server on the catalogue, so that an events stream
 * open on one server sees what another server ingests. On PostgreSQL each event is a {@code NOTIFY}
 * on {@value #CHANNEL}, and each server {@code LISTEN}s on a connection of its own and hands what
 * arrives (its own events included) to its local subscribers. On H2 (one server) events stay in the
 * process.
 *
 * <p>While the listening connection is down (the database restarts), events are handed to this
 * server's subscribers directly and other servers miss them until it is back: a stream shows status
 * changes, and the catalogue (GET documents) stays the record.
 */
@ApplicationScoped
public class EventRelay {

  /** The PostgreSQL notification channel. */
  static final String CHANNEL = "quarry_events";

  /** PostgreSQL's limit on a notification's payload is 8,000 bytes; errors are cut to fit. */
  private static final int MAX_PAYLOAD = 7_000;

  private static final Duration RECONNECT = Duration.ofSeconds(2);

  @ConfigProperty(name = "quarkus.datasource.jdbc.url")
  String url;

  @ConfigProperty(name = "quarkus.datasource.username")
  Optional<String> username;

  @ConfigProperty(name = "quarkus.datasource.password")
  Optional<String> password;

  @Inject AgroalDataSource dataSource;
  @Inject CatalogueDatabase database;
  @Inject ObjectMapper json;
  @Inject IngestionEvents events;

  /** One event on the wire: exactly one of the two is set. */
  record Notice(DocumentEvent document, ReindexEvent reindex) {}

  private ManagedExecutor listener;
  private volatile boolean running;
  private volatile boolean listening;

  /** Whether events cross servers (PostgreSQL). */
  public boolean crossesServers() {
    return database.isPostgres();
  }

  /**
   * Starts listening (PostgreSQL only) and waits up to {@code wait} for the first connection, so
   * that events of the start-up itself reach other servers' streams.
   */
  public void start(Duration wait) {
    if (!crossesServers() || running) {
      return;
    }
    running = true;
    listener =
        ManagedExecutor.builder()
            .maxAsync(1)
            .propagated(ThreadContext.NONE)
            .cleared(ThreadContext.ALL_REMAINING)
            .build();
    CountDownLatch first = new CountDownLatch(1);
    listener.runAsync(() -> listen(first));
    try {
      if (!first.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
        Log.warnf(
            "Not listening for other servers' events yet after %s; retrying in the background",
            wait);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Sends a document event to every server's subscribers. */
  public void send(DocumentEvent event) {
    send(new Notice(event, null));
  }

  /** Sends re-index progress to every server's subscribers. */
  public void send(ReindexEvent event) {
    send(new Notice(null, event));
  }

  private void send(Notice notice) {
    if (!crossesServers() || !listening) {
      deliver(notice); // one server, or the listener is down: at least this server's streams
      if (!crossesServers()) {
        return;
      }
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement notify = c.prepareStatement("SELECT pg_notify(?, ?)")) {
      notify.setString(1, CHANNEL);
      notify.setString(2, payload(notice));
      notify.execute();
    } catch (SQLException | JsonProcessingException e) {
      Log.warnf(e, "Could not send an event to the other servers; this one's streams have it");
      if (listening) {
        deliver(notice);
      }
    }
  }

  private String payload(Notice notice) throws JsonProcessingException {
    String text = json.writeValueAsString(notice);
    if (text.length() <= MAX_PAYLOAD || notice.document() == null) {
      return text;
    }
    DocumentEvent d = notice.document();
    String error =
        d.error() == null ? null : d.error().substring(0, Math.min(1_000, d.error().length()));
    return json.writeValueAsString(
        new Notice(
            new DocumentEvent(
                d.id(), d.kb(), d.name(), d.status(), d.version(), d.chunks(), error, d.deleted()),
            null));
  }

  private void deliver(Notice notice) {
    if (notice.document() != null) {
      events.deliver(notice.document());
    } else if (notice.reindex() != null) {
      events.deliver(notice.reindex());
    }
  }

  private void listen(CountDownLatch first) {
    while (running) {
      try (Connection c =
          DriverManager.getConnection(url, username.orElse(null), password.orElse(null))) {
        try (Statement s = c.createStatement()) {
          s.execute("LISTEN " + CHANNEL);
        }
        PGConnection pg = c.unwrap(PGConnection.class);
        listening = true;
        first.countDown();
        while (running) {
          PGNotification[] arrived = pg.getNotifications(500);
          if (arrived == null) {
            continue;
          }
          for (PGNotification n : arrived) {
            receive(n.getParameter());
          }
        }
      } catch (SQLException e) {
        listening = false;
        if (running) {
          Log.warnf("Listening for other servers' events failed (%s); again in %s", e, RECONNECT);
          sleep(RECONNECT);
        }
      } finally {
        listening = false;
      }
    }
  }

  private void receive(String payload) {
    try {
      deliver(json.readValue(payload, Notice.class));
    } catch (JsonProcessingException | RuntimeException e) {
      Log.warnf(e, "Dropped an event that could not be read: %s", payload);
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  void stop(@Observes ShutdownEvent event) {
    running = false;
    if (listener != null) {
      listener.shutdownNow();
    }
  }
}
