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
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.eclipse.microprofile.context.ThreadContext;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Carries document and re-index events to every server on the catalogue, so that an events stream
 * open on one server sees what another server ingests. On PostgreSQL each event is written to the
 * {@code event_outbox} table and announced with a {@code NOTIFY} on {@value #CHANNEL} in one
 * statement; each server {@code LISTEN}s on a connection of its own and hands what arrives (its own
 * events included) to its local subscribers. On H2 (one server) events stay in the process.
 *
 * <p>When the listening connection drops (a network cut, the connection killed), the server listens
 * again and first reads from the outbox every event it has not received, so its streams miss
 * nothing; an event is never handed over twice (the outbox ids of recent events are remembered).
 * The outbox keeps events for {@link #RETAINED}: a server that listens again later than that misses
 * the older ones, and the catalogue (GET documents) stays the record. While the listener is down,
 * this server's own events go to its subscribers directly; while the database itself is down, they
 * reach no other server.
 */
@ApplicationScoped
public class EventRelay {

  /** The PostgreSQL notification channel. */
  static final String CHANNEL = "quarry_events";

  /** PostgreSQL's limit on a notification's payload is 8,000 bytes; errors are cut to fit. */
  private static final int MAX_PAYLOAD = 7_000;

  private static final Duration RECONNECT = Duration.ofSeconds(2);

  /** How long the outbox keeps an event for servers that listen again after a cut. */
  static final Duration RETAINED = Duration.ofMinutes(10);

  /**
   * How far before the newest event it received a server reads the outbox again when it listens
   * anew: ids are taken when an event is written but announced when it commits, so an event with a
   * smaller id than one already received may still have been on its way.
   */
  private static final long REREAD = 1_000;

  /**
   * Writes an event to the outbox and announces it, in one statement: its parameters are the
   * sending server's id, the event, the channel and the event again; it returns the event's id.
   */
  static final String ANNOUNCE =
      "WITH e AS (INSERT INTO event_outbox (server_id, payload, created_at)"
          + " VALUES (?, ?, CURRENT_TIMESTAMP) RETURNING id)"
          + " SELECT id, pg_notify(?, id || ' ' || ?) FROM e";

  /** The application name of the listening connection, to find it in {@code pg_stat_activity}. */
  static final String LISTENER_NAME = "quarry-event-relay";

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
  @Inject ThisServer server;

  /** One event on the wire: exactly one of the two is set. */
  record Notice(DocumentEvent document, ReindexEvent reindex) {}

  private ManagedExecutor listener;
  private volatile boolean running;
  private volatile boolean listening;

  /** The outbox ids of the events handed to this server's subscribers lately, oldest first. */
  private final Set<Long> handed = new LinkedHashSet<>();

  /** The newest outbox id this server has handed over (guarded by {@link #handed}). */
  private long newest;

  /** Whether the listener has listened before: only then is there anything to catch up. */
  private boolean listenedBefore;

  /** Whether this server is listening for the events of every server now. */
  boolean listening() {
    return listening;
  }

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
    if (!crossesServers()) {
      deliver(notice);
      return;
    }
    boolean direct = !listening; // the listener is down: at least this server's streams
    boolean delivered = false;
    try (Connection c = dataSource.getConnection();
        PreparedStatement announce = c.prepareStatement(ANNOUNCE)) {
      String payload = payload(notice);
      announce.setString(1, server.id());
      announce.setString(2, payload);
      announce.setString(3, CHANNEL);
      announce.setString(4, payload);
      try (ResultSet written = announce.executeQuery()) {
        written.next();
        if (direct) {
          delivered = true;
          hand(written.getLong(1), notice);
        }
      }
    } catch (SQLException | JsonProcessingException e) {
      Log.warnf(e, "Could not send an event to the other servers; this one's streams have it");
      if (!delivered) {
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
      Properties login = new Properties();
      username.ifPresent(u -> login.setProperty("user", u));
      password.ifPresent(p -> login.setProperty("password", p));
      login.setProperty("ApplicationName", LISTENER_NAME);
      try (Connection c = DriverManager.getConnection(url, login)) {
        try (Statement s = c.createStatement()) {
          s.execute("LISTEN " + CHANNEL);
        }
        catchUp(c); // what was announced while this server was not listening
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

  /**
   * Reads from the outbox the events this server has not handed over (none at its first start: a
   * stream shows what happens after it opened), once it listens again, so that nothing announced in
   * between is lost and nothing is handed twice.
   */
  private void catchUp(Connection c) throws SQLException {
    if (!listenedBefore) {
      listenedBefore = true;
      try (Statement s = c.createStatement();
          ResultSet max = s.executeQuery("SELECT COALESCE(MAX(id), 0) FROM event_outbox")) {
        max.next();
        synchronized (handed) {
          newest = Math.max(newest, max.getLong(1));
        }
      }
      return;
    }
    long from;
    synchronized (handed) {
      from = newest - REREAD;
    }
    int caught = 0;
    try (PreparedStatement missed =
        c.prepareStatement("SELECT id, payload FROM event_outbox WHERE id > ? ORDER BY id")) {
      missed.setLong(1, from);
      try (ResultSet rows = missed.executeQuery()) {
        while (rows.next()) {
          caught += receive(rows.getLong(1), rows.getString(2)) ? 1 : 0;
        }
      }
    }
    if (caught > 0) {
      Log.infof("Listening again: handed over %d events announced meanwhile", caught);
    }
  }

  /** A notification's payload: the event's outbox id, a space, the event. */
  private void receive(String announced) {
    int space = announced.indexOf(' ');
    try {
      receive(Long.parseLong(announced.substring(0, space)), announced.substring(space + 1));
    } catch (RuntimeException e) {
      Log.warnf(e, "Dropped an event that could not be read: %s", announced);
    }
  }

  /** Hands the event over unless it was already; returns whether it was handed now. */
  private boolean receive(long id, String payload) {
    try {
      return hand(id, json.readValue(payload, Notice.class));
    } catch (JsonProcessingException | RuntimeException e) {
      Log.warnf(e, "Dropped an event that could not be read: %s", payload);
      return false;
    }
  }

  private boolean hand(long id, Notice notice) {
    synchronized (handed) {
      if (!handed.add(id)) {
        return false;
      }
      if (handed.size() > 4 * REREAD) {
        Iterator<Long> oldest = handed.iterator();
        oldest.next();
        oldest.remove();
      }
      newest = Math.max(newest, id);
    }
    deliver(notice);
    return true;
  }

  /** Every minute: forgets the outbox's events older than {@link #RETAINED}. */
  @Scheduled(every = "1m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void prune() {
    if (!crossesServers()) {
      return;
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement old =
            c.prepareStatement("DELETE FROM event_outbox WHERE created_at < ?")) {
      old.setObject(1, OffsetDateTime.now(ZoneOffset.UTC).minus(RETAINED));
      old.executeUpdate();
    } catch (SQLException e) {
      Log.warnf("Forgetting old events failed (%s); again in a minute", e);
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
