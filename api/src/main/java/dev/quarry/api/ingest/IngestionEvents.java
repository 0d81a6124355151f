package dev.quarry.api.ingest;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Document status changes (and re-index progress, as a second stream) as a Mutiny stream that every
 * subscriber (an SSE stream) sees from the moment it subscribes. Publishing never blocks: each
 * subscriber buffers what it has not sent yet, and one that falls {@link #BUFFER} events behind is
 * failed alone.
 */
@ApplicationScoped
public class IngestionEvents {

  /**
   * Events one subscriber may have waiting before it is dropped (a client that stopped reading).
   */
  static final int BUFFER = 1024;

  private final BroadcastProcessor<DocumentEvent> broadcast = BroadcastProcessor.create();
  private final BroadcastProcessor<ReindexEvent> reindexes = BroadcastProcessor.create();

  /** Publishes from any thread; signals to the processor are serialised here. */
  public synchronized void publish(DocumentEvent event) {
    broadcast.onNext(event);
  }

  /** Publishes re-index progress from any thread. */
  public synchronized void publish(ReindexEvent event) {
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
