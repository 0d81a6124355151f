package dev.quarry.api.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * When a job that failed for a transient reason (the index, the disk) is tried again: after {@code
 * firstBackoff}, doubled after each further failure up to {@code maxBackoff}, for as long as {@code
 * retryFor} after its first failure. Bounded by time rather than by a count, so that a burst of
 * failures during a short outage does not use up the tries.
 *
 * @param firstBackoff wait after the first failure
 * @param maxBackoff longest wait between two tries
 * @param retryFor how long after its first failure a job is still retried
 */
public record RetryPolicy(Duration firstBackoff, Duration maxBackoff, Duration retryFor) {

  /**
   * @throws IllegalArgumentException if a duration is not positive, or maxBackoff is shorter than
   *     firstBackoff
   */
  public RetryPolicy {
    Objects.requireNonNull(firstBackoff, "firstBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    Objects.requireNonNull(retryFor, "retryFor");
    if (firstBackoff.isNegative() || firstBackoff.isZero() || retryFor.isNegative()) {
      throw new IllegalArgumentException(
          "retry-backoff must be positive and retry-for not negative, got "
              + firstBackoff
              + " and "
              + retryFor);
    }
    if (maxBackoff.compareTo(firstBackoff) < 0) {
      throw new IllegalArgumentException(
          "max-retry-backoff ("
              + maxBackoff
              + ") is shorter than retry-backoff ("
              + firstBackoff
              + ")");
    }
  }

  /** The wait after the {@code failures}-th failure in a row (from 1). */
  public Duration backoff(int failures) {
    Duration wait = firstBackoff;
    for (int i = 1; i < failures && wait.compareTo(maxBackoff) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
  }

  /** The instant after which a job that first failed at {@code firstFailure} is not retried. */
  public Instant deadline(Instant firstFailure) {
    return firstFailure.plus(retryFor);
  }

  /**
   * When to try again after the {@code failures}-th failure at {@code now}, or empty when the next
   * try would come after {@code deadline}: the job then ends FAILED.
   */
  public Optional<Instant> nextTry(int failures, Instant deadline, Instant now) {
    Instant next = now.plus(backoff(failures));
    return next.isAfter(deadline) ? Optional.empty() : Optional.of(next);
  }
}
