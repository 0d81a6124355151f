package dev.quarry.api.ingest;

import dev.quarry.api.replicas.EventRelay;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Document status changes (and re-index progress, as a second stream) as a Mutiny stream that every
 * subscriber (an SSE stream) sees from the moment it subscribes. What is published goes through
 * {@link EventRelay}, which brings it to the subscribers of every server on the catalogue.
 * Publishing never blocks on a subscriber: each one buffers what it has not sent yet, and one that
 * falls {@link #BUFFER} events behind is failed alone.
 */
@ApplicationScoped
public class IngestionEvents {

  /**
   * Events one subscriber may have waiting before it is dropped (a client that stopped reading).
   */
  static final int BUFFER = 1024;

  @Inject EventRelay relay;

  private final BroadcastProcessor<DocumentEvent> broadcast = BroadcastProcessor.create();
  private final BroadcastProcessor<ReindexEvent> reindexes = BroadcastProcessor.create();

  /** Publishes to the subscribers of every server, from any thread. */
  public void publish(DocumentEvent event) {
    relay.send(event);
  }

  /** Publishes re-index progress to the subscribers of every server, from any thread. */
  public void publish(ReindexEvent event) {
    relay.send(event);
  }

  /** Hands an event to this server's subscribers; signals to the processor are serialised here. */
  public synchronized void deliver(DocumentEvent event) {
    broadcast.onNext(event);
  }

  /** Hands re-index progress to this server's subscribers. */
  public synchronized void deliver(ReindexEvent event) {
    reindexes.onNext(event);
  }

  /** The re-index progress of one knowledge base, from now on. */
  public Multi<ReindexEvent> reindexOf(String kbId) {
    return reindexes.filter(e -> e.kb().equals(kbId)).onOverflow().buffer(BUFFER);
  }

  /** The events of one knowledge base, from now on. */
  public Multi<DocumentEvent> of(String kbId) {
    return broadcast.filter(e -> e.kb().equals(kbId)).onOverflow().buffer(BUFFER);
  }
}
