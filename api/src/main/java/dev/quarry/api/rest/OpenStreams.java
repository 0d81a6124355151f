package dev.quarry.api.rest;

import dev.quarry.api.catalogue.ApiKey;
import dev.quarry.api.catalogue.KnowledgeBase;
import dev.quarry.api.catalogue.KnowledgeBaseState;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The event streams that are open, and the reason each must end. Every {@code 2s} (the Quarkus
 * scheduler) one catalogue query checks them all: a stream whose key was revoked, or whose
 * knowledge base was deleted, is told why through {@link #closing}.
 */
@ApplicationScoped
public class OpenStreams {

  /**
   * One open stream's access.
   *
   * @param keyId the stream's key (null for the admin key, which cannot be revoked)
   */
  public record Opened(String kbId, String keyId) {}

  private record Closing(Opened stream, String reason) {}

  private final Set<Opened> open = ConcurrentHashMap.newKeySet();
  private final BroadcastProcessor<Closing> closings = BroadcastProcessor.create();

  void add(Opened stream) {
    open.add(stream);
  }

  void remove(Opened stream) {
    open.remove(stream);
  }

  /** The reason {@code stream} must end, when it comes. */
  Multi<String> closing(Opened stream) {
    return closings.filter(c -> c.stream().equals(stream)).map(Closing::reason);
  }

  @Scheduled(every = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void check() {
    if (open.isEmpty()) {
      return;
    }
    try {
      List<Opened> streams = List.copyOf(open);
      Set<String> kbIds = streams.stream().map(Opened::kbId).collect(Collectors.toSet());
      Set<String> keyIds =
          streams.stream().map(Opened::keyId).filter(Objects::nonNull).collect(Collectors.toSet());
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
      for (Opened s : streams) {
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

  private synchronized void close(Opened stream, String reason) {
    closings.onNext(new Closing(stream, reason));
  }
}
