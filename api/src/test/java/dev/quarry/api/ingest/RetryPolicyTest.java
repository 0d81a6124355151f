package dev.quarry.api.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  private final RetryPolicy policy =
      new RetryPolicy(Duration.ofSeconds(2), Duration.ofMinutes(1), Duration.ofMinutes(15));

  @Test
  void should_double_the_wait_up_to_the_longest_backoff() {
    assertThat(policy.backoff(1)).isEqualTo(Duration.ofSeconds(2));
    assertThat(policy.backoff(2)).isEqualTo(Duration.ofSeconds(4));
    assertThat(policy.backoff(5)).isEqualTo(Duration.ofSeconds(32));
    assertThat(policy.backoff(6)).isEqualTo(Duration.ofMinutes(1));
    assertThat(policy.backoff(1_000)).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void should_keep_retrying_a_burst_of_failures_within_the_window() {
    // given: a job that first failed now
    Instant first = Instant.parse("2026-12-02T10:00:00Z");
    Instant deadline = policy.deadline(first);

    // when: it fails ten times within ten seconds
    Instant now = first.plusSeconds(10);

    // then: it is still retried
    assertThat(policy.nextTry(10, deadline, now)).contains(now.plus(Duration.ofMinutes(1)));
  }

  @Test
  void should_give_up_when_the_next_try_would_come_after_the_window() {
    Instant first = Instant.parse("2026-12-02T10:00:00Z");
    Instant deadline = policy.deadline(first);

    assertThat(policy.nextTry(20, deadline, first.plus(Duration.ofMinutes(14)).plusSeconds(30)))
        .isEmpty();
  }

  @Test
  void should_refuse_a_longest_backoff_shorter_than_the_first() {
    assertThatThrownBy(
            () -> new RetryPolicy(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("max-retry-backoff");
  }
}
