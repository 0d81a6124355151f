package dev.quarry.api.security;

import dev.quarry.api.QuarryConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Counts the uploads each key has in flight, bounded by {@code
 * quarry.limits.max-concurrent-uploads-per-key}, so that one key cannot hold every connection and
 * disk write of the server. Thread-safe.
 */
@ApplicationScoped
public class UploadSlots {

  private static final String ADMIN = "admin";

  @Inject QuarryConfig config;

  private final ConcurrentMap<String, Integer> inFlight = new ConcurrentHashMap<>();

  /**
   * @return true when the caller may start one more upload (then {@link #release} must follow)
   */
  public boolean tryAcquire(Caller caller) {
    int max = config.limits().maxConcurrentUploadsPerKey();
    boolean[] acquired = {false};
    inFlight.compute(
        slot(caller),
        (key, n) -> {
          int current = n == null ? 0 : n;
          if (current >= max) {
            return n;
          }
          acquired[0] = true;
          return current + 1;
        });
    return acquired[0];
  }

  /** Ends one upload of the caller's. */
  public void release(Caller caller) {
    inFlight.computeIfPresent(slot(caller), (key, n) -> n <= 1 ? null : n - 1);
  }

  private static String slot(Caller caller) {
    return caller.admin() ? ADMIN : caller.keyId();
  }
}
