package dev.quarry.api.ingest;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The knowledge bases whose index cannot be opened right now. While one is listed, readiness
 * reports it, and the dispatcher holds its jobs back instead of spending their tries, except for a
 * probe at growing intervals; the first probe that opens the index ends the outage and the jobs
 * resume by themselves. Thread-safe.
 */
@ApplicationScoped
public class IndexOutages {

  /**
   * One knowledge base's outage.
   *
   * @param since when it was first seen
   * @param reason why, for a person (never advice to delete anything: it is expected to pass)
   * @param probes failed probes so far
   * @param nextProbe when the index is tried again
   */
  public record Outage(Instant since, String reason, int probes, Instant nextProbe) {}

  private final ConcurrentMap<String, Outage> outages = new ConcurrentHashMap<>();

  /**
   * Records that the index of {@code kbId} could not be used; it is probed again after the policy's
   * backoff for the number of failed probes so far.
   *
   * @return whether this starts an outage (none was recorded for the knowledge base)
   */
  public boolean failed(String kbId, String reason, RetryPolicy policy) {
    Instant now = Instant.now();
    boolean fresh = !outages.containsKey(kbId);
    outages.merge(
        kbId,
        new Outage(now, reason, 1, now.plus(policy.backoff(1))),
        (old, ignored) ->
            new Outage(
                old.since(), reason, old.probes() + 1, now.plus(policy.backoff(old.probes() + 1))));
    return fresh;
  }

  /**
   * Ends the outage of {@code kbId}.
   *
   * @return whether there was one
   */
  public boolean recovered(String kbId) {
    return outages.remove(kbId) != null;
  }

  /** The knowledge bases whose jobs must wait: an outage whose next probe is not due yet. */
  public Set<String> held(Instant now) {
    Set<String> held = new HashSet<>();
    outages.forEach(
        (kb, o) -> {
          if (now.isBefore(o.nextProbe())) {
            held.add(kb);
          }
        });
    return held;
  }

  /** The outage of {@code kbId}, or null. */
  public Outage of(String kbId) {
    return outages.get(kbId);
  }

  /** Every current outage by knowledge base id, sorted. */
  public Map<String, Outage> current() {
    return new TreeMap<>(outages);
  }
}
