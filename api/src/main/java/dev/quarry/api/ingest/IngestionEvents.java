package dev.quarry.api.ingest;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Fans document status changes out to the knowledge base's listeners (the SSE streams). Listeners
 * must not block; a failing one is removed.
 */
@ApplicationScoped
public class IngestionEvents {

  /** A registered listener; close it to stop receiving. */
  public interface Subscription extends AutoCloseable {
    @Override
    void close();
  }

  private record Listener(String kbId, Consumer<DocumentEvent> consumer) {}

  private final Set<Listener> listeners = ConcurrentHashMap.newKeySet();

  public Subscription subscribe(String kbId, Consumer<DocumentEvent> consumer) {
    Listener l = new Listener(kbId, consumer);
    listeners.add(l);
    return () -> listeners.remove(l);
  }

  public void publish(DocumentEvent event) {
    for (Listener l : listeners) {
      if (l.kbId().equals(event.kb())) {
        try {
          l.consumer().accept(event);
        } catch (RuntimeException e) {
          listeners.remove(l);
        }
      }
    }
  }
}
