package dev.quarry.api.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.api.catalogue.Role;
import dev.quarry.api.ingest.IngestionEvents;
import dev.quarry.api.security.Access;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Server-sent events of a knowledge base's ingestion: a {@code connected} comment once the stream
 * is subscribed, one {@code document} event per status change, {@code reindex} events with a
 * re-index's progress ({@link dev.quarry.api.ingest.ReindexEvent}), and a {@code ping} comment
 * every {@link #PING} so proxies keep the stream open. Each stream is a Mutiny {@link Multi} that
 * Quarkus REST writes and cancels when the client goes away.
 *
 * <p>Access is checked when a stream opens and again every {@link #ACCESS_CHECK} by {@link
 * OpenStreams}: the stream of a key that was revoked, or of a knowledge base that was deleted, gets
 * a final {@code closed} event with the reason and ends.
 */
@Authenticated
@Path("/api/kbs/{kb}/events")
@ApplicationScoped
public class EventsResource {

  /** How often open streams' keys and knowledge bases are checked. */
  static final Duration ACCESS_CHECK = Duration.ofSeconds(2);

  /** How often an idle stream sends a comment. */
  static final Duration PING = Duration.ofSeconds(15);

  @Inject Access access;
  @Inject IngestionEvents events;
  @Inject ObjectMapper mapper;

  @Inject OpenStreams open;

  @GET
  @Blocking // the access check reads the catalogue
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @Operation(summary = "Ingestion progress of a knowledge base as server-sent events")
  public Multi<OutboundSseEvent> stream(@PathParam("kb") String kbId, @Context Sse sse) {
    access.require(kbId, Role.READER);
    OpenStreams.Opened opened = new OpenStreams.Opened(kbId, access.caller().keyId());
    return Multi.createFrom()
        .emitter(
            emitter -> {
              open.add(opened);
              Cancellable documents =
                  events
                      .of(kbId)
                      .subscribe()
                      .with(e -> emitter.emit(event(sse, "document", e)), emitter::fail);
              Cancellable reindexes =
                  events
                      .reindexOf(kbId)
                      .subscribe()
                      .with(e -> emitter.emit(event(sse, "reindex", e)), emitter::fail);
              Cancellable pings =
                  Multi.createFrom()
                      .ticks()
                      .every(PING)
                      .subscribe()
                      .with(t -> emitter.emit(sse.newEventBuilder().comment("ping").build()));
              Cancellable closed =
                  open.closing(opened)
                      .subscribe()
                      .with(
                          reason -> {
                            emitter.emit(event(sse, "closed", Map.of("reason", reason)));
                            emitter.complete();
                          });
              // Only now: a client that reads "connected" misses no event sent after it.
              emitter.emit(sse.newEventBuilder().comment("connected").build());
              emitter.onTermination(
                  () -> {
                    open.remove(opened);
                    documents.cancel();
                    reindexes.cancel();
                    pings.cancel();
                    closed.cancel();
                  });
            });
  }

  private OutboundSseEvent event(Sse sse, String name, Object data) {
    try {
      return sse.newEventBuilder().name(name).data(mapper.writeValueAsString(data)).build();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + data, e);
    }
  }
}
