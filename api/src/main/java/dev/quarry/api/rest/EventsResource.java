package dev.quarry.api.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.api.catalogue.ApiKey;
import dev.quarry.api.catalogue.KnowledgeBase;
import dev.quarry.api.catalogue.KnowledgeBaseState;
import dev.quarry.api.catalogue.Role;
import dev.quarry.api.ingest.DocumentEvent;
import dev.quarry.api.ingest.IngestionEvents;
import dev.quarry.api.security.Access;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.Authenticated;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Server-sent events of a knowledge base's ingestion: one {@code document} event per status change,
 * and a {@code ping} comment every 15 s so proxies keep the stream open.
 *
 * <p>Access is checked when a stream opens and again every {@link #ACCESS_CHECK}: the stream of a
 * key that was revoked, or of a knowledge base that was deleted, gets a final {@code closed} event
 * with the reason and is closed.
 */
@Authenticated
@Path("/api/kbs/{kb}/events")
@ApplicationScoped
public class EventsResource {

  @Inject Access access;
  @Inject IngestionEvents events;
  @Inject ObjectMapper mapper;

  /** How often open streams' keys and knowledge bases are checked. */
  static final Duration ACCESS_CHECK = Duration.ofSeconds(2);

  /**
   * @param keyId the stream's key (null for the admin key, which cannot be revoked)
   */
  private record Stream(
      String kbId,
      String keyId,
      SseEventSink sink,
      Sse sse,
      Object lock,
      IngestionEvents.Subscription subscription) {}

  private final Set<Stream> streams = ConcurrentHashMap.newKeySet();
  private ScheduledExecutorService pinger;

  @PostConstruct
  void startPinging() {
    pinger =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "quarry-sse-ping");
              t.setDaemon(true);
              return t;
            });
    pinger.scheduleAtFixedRate(this::ping, 15, 15, TimeUnit.SECONDS);
    long check = ACCESS_CHECK.toMillis();
    pinger.scheduleWithFixedDelay(this::closeRevoked, check, check, TimeUnit.MILLISECONDS);
  }

  @GET
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @Operation(summary = "Ingestion progress of a knowledge base as server-sent events")
  public void stream(@PathParam("kb") String kbId, @Context SseEventSink sink, @Context Sse sse) {
    access.require(kbId, Role.READER);
    String keyId = access.caller().keyId();
    Object lock = new Object();
    IngestionEvents.Subscription subscription =
        events.subscribe(
            kbId,
            (DocumentEvent e) -> {
              synchronized (lock) {
                if (sink.isClosed()) {
                  throw new IllegalStateException("closed"); // makes IngestionEvents drop it
                }
                sink.send(sse.newEventBuilder().name("document").data(json(e)).build());
              }
            });
    streams.add(new Stream(kbId, keyId, sink, sse, lock, subscription));
    synchronized (lock) {
      sink.send(sse.newEventBuilder().comment("connected").build());
    }
  }

  private void ping() {
    for (Stream s : streams) {
      if (s.sink().isClosed()) {
        s.subscription().close();
        streams.remove(s);
        continue;
      }
      try {
        synchronized (s.lock()) {
          s.sink().send(s.sse().newEventBuilder().comment("ping").build());
        }
      } catch (RuntimeException e) {
        s.subscription().close();
        streams.remove(s);
      }
    }
  }

  /** Closes the streams whose key was revoked or whose knowledge base was deleted. */
  private void closeRevoked() {
    try {
      if (streams.isEmpty()) {
        return;
      }
      Set<String> kbIds = new HashSet<>();
      Set<String> keyIds = new HashSet<>();
      for (Stream s : streams) {
        kbIds.add(s.kbId());
        if (s.keyId() != null) {
          keyIds.add(s.keyId());
        }
      }
      Set<String> liveKbs =
          QuarkusTransaction.requiringNew()
              .call(
                  () ->
                      KnowledgeBase.<KnowledgeBase>list(
                              "id in ?1 and state = ?2", kbIds, KnowledgeBaseState.ACTIVE)
                          .stream()
                          .map(kb -> kb.id)
                          .collect(Collectors.toSet()));
      Set<String> liveKeys =
          keyIds.isEmpty()
              ? Set.of()
              : QuarkusTransaction.requiringNew()
                  .call(
                      () ->
                          ApiKey.<ApiKey>list("id in ?1", keyIds).stream()
                              .map(k -> k.id)
                              .collect(Collectors.toSet()));
      for (Stream s : streams) {
        if (!liveKbs.contains(s.kbId())) {
          close(s, "the knowledge base was deleted");
        } else if (s.keyId() != null && !liveKeys.contains(s.keyId())) {
          close(s, "the key was revoked");
        }
      }
    } catch (RuntimeException e) {
      Log.warn("Checking the access of open event streams failed; checking again shortly", e);
    }
  }

  private void close(Stream s, String reason) {
    streams.remove(s);
    s.subscription().close();
    synchronized (s.lock()) {
      try {
        if (!s.sink().isClosed()) {
          s.sink()
              .send(
                  s.sse()
                      .newEventBuilder()
                      .name("closed")
                      .data(json(Map.of("reason", reason)))
                      .build());
        }
      } catch (RuntimeException e) {
        // the client went away already; closing is all that is left
      }
      s.sink().close();
    }
  }

  private String json(Object event) {
    try {
      return mapper.writeValueAsString(event);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + event, e);
    }
  }

  @PreDestroy
  void close() {
    pinger.shutdownNow();
    streams.forEach(s -> s.subscription().close());
  }
}
