package dev.quarry.api.ingest;

import dev.quarry.api.QuarryConfig;
import dev.quarry.api.catalogue.Document;
import dev.quarry.api.catalogue.DocumentStatus;
import dev.quarry.api.catalogue.IngestionJob;
import dev.quarry.api.catalogue.JobState;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Work that a server claimed and then stopped doing (a crash, a kill, a lost machine): its RUNNING
 * jobs and PROCESSING documents go back to the queue, for any server. A job counts as abandoned
 * only when the server that claimed it no longer holds a lease, so a server starting beside a
 * running one never takes the other's work. Every change is a conditional UPDATE, so two servers
 * doing this at once, or a server claiming the job meanwhile, cannot undo each other.
 */
@ApplicationScoped
public class AbandonedJobs {

  @Inject QuarryConfig config;

  /**
   * Queues again the RUNNING jobs of servers not in {@code running}. A stop counts as a transient
   * failure: a file that brings servers down each time ends FAILED once {@code
   * quarry.ingestion.retry-for} has passed since the first stop, instead of crashing them for ever.
   *
   * @return how many jobs were queued again or failed
   */
  public int requeueJobs(Set<String> running) {
    Instant now = Instant.now();
    Duration retryFor = config.ingestion().retryFor();
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              List<IngestionJob> gaveUp =
                  IngestionJob.list(
                      "state = ?1 and (claimedBy is null or claimedBy not in ?2)"
                          + " and retryUntil is not null and retryUntil <= ?3",
                      JobState.RUNNING,
                      running,
                      now);
              int n = 0;
              for (IngestionJob j : gaveUp) {
                n += failJob(j, now, retryFor);
              }
              n +=
                  IngestionJob.update(
                      "state = ?1, updatedAt = ?2, retryUntil = coalesce(retryUntil, ?3)"
                          + " where state = ?4 and (claimedBy is null or claimedBy not in ?5)",
                      JobState.QUEUED,
                      now,
                      now.plus(retryFor),
                      JobState.RUNNING,
                      running);
              return n;
            });
  }

  /**
   * PROCESSING documents whose job no running server holds go back to QUEUED (their jobs were
   * queued again by {@link #requeueJobs}).
   */
  public int requeueDocuments(Set<String> running) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                Document.update(
                    "status = ?1, updatedAt = ?2 where status = ?3 and id not in (select"
                        + " j.documentId from IngestionJob j where j.state = ?4 and j.claimedBy in"
                        + " ?5)",
                    DocumentStatus.QUEUED,
                    Instant.now(),
                    DocumentStatus.PROCESSING,
                    JobState.RUNNING,
                    running));
  }

  private static int failJob(IngestionJob j, Instant now, Duration retryFor) {
    int updated =
        IngestionJob.update(
            "state = ?1, updatedAt = ?2, lastError = ?3 where id = ?4 and state = ?5"
                + " and claimedBy is not distinct from ?6",
            JobState.FAILED,
            now,
            "the server stopped while ingesting it, again and again",
            j.id,
            JobState.RUNNING,
            j.claimedBy);
    if (updated == 0) {
      return 0; // taken meanwhile by another server
    }
    Document d = Document.findByIdForUpdate(j.documentId);
    if (d != null && d.version == j.version) {
      d.status = DocumentStatus.FAILED;
      d.error =
          "gave up after retrying for "
              + retryFor
              + ": the server stopped while ingesting it, again and again";
      d.updatedAt = now;
    }
    return 1;
  }
}
