package dev.quarry.api.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.api.catalogue.Role;
import dev.quarry.api.ingest.DocumentEvent;
import dev.quarry.api.ingest.IngestionEvents;
import dev.quarry.api.security.Access;
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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Server-sent events of a knowledge base's ingestion: one {@code document} event per status change,
 * and a {@code ping} comment every 15 s so proxies keep the stream open.
 */
@Path("/api/kbs/{kb}/events")
@ApplicationScoped
public class EventsResource {

  @Inject Access access;
  @Inject IngestionEvents events;
  @Inject ObjectMapper mapper;

  private record Stream(
      SseEventSink sink, Sse sse, Object lock, IngestionEvents.Subscription subscription) {}

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
  }

  @GET
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @Operation(summary = "Ingestion progress of a knowledge base as server-sent events")
  public void stream(@PathParam("kb") String kbId, @Context SseEventSink sink, @Context Sse sse) {
    access.require(kbId, Role.READER);
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
    streams.add(new Stream(sink, sse, lock, subscription));
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

  private String json(DocumentEvent event) {
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
