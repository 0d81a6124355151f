package dev.quarry.api.ingest;

import dev.quarry.api.ServerPaths;
import dev.quarry.api.catalogue.Document;
import dev.quarry.api.catalogue.DocumentStatus;
import dev.quarry.api.catalogue.IngestionJob;
import dev.quarry.api.catalogue.JobState;
import dev.quarry.ingestion.pipeline.IngestResult;
import io.quarkus.narayana.jta.QuarkusTransaction;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Records what one ingestion attempt came to: the job DONE and the document READY; the job queued
 * again within its retry window, the document QUEUED with "retrying after: ..."; or both FAILED.
 */
final class JobOutcomes {

  /**
   * @param doc the document as recorded
   * @param outcome {@code ready}, {@code retried} or {@code failed} (the metric's tag)
   */
  record Recorded(Document doc, String outcome) {}

  private JobOutcomes() {}

  /**
   * Records the outcome in its own transaction.
   *
   * @return what was recorded, or null when the job or its document was deleted meanwhile
   */
  static Recorded record(
      IngestionJob job,
      IngestResult result,
      boolean succeeded,
      boolean transientFailure,
      String reason,
      RetryPolicy policy,
      Instant now) {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              IngestionJob j = IngestionJob.findById(job.id);
              Document d = Document.findByIdForUpdate(job.documentId);
              if (j == null || d == null) {
                return null;
              }
              j.updatedAt = now;
              d.updatedAt = now;
              boolean latest = d.version == job.version;
              if (succeeded) {
                j.state = JobState.DONE;
                j.retryUntil = null;
                if (latest) {
                  d.status = DocumentStatus.READY;
                  d.error = null;
                }
                d.indexedVersion = result.version();
                d.chunkCount = result.chunks();
                return new Recorded(d, "ready");
              }
              Instant deadline = j.retryUntil != null ? j.retryUntil : policy.deadline(now);
              Optional<Instant> next =
                  transientFailure ? policy.nextTry(j.attempts, deadline, now) : Optional.empty();
              j.lastError = truncate(reason);
              if (next.isPresent()) {
                j.state = JobState.QUEUED;
                j.retryUntil = deadline;
                j.nextAttemptAt = next.get();
                if (latest) {
                  d.status = DocumentStatus.QUEUED;
                  d.error =
                      truncate(
                          "retrying after: "
                              + reason
                              + "; retried automatically until "
                              + deadline.truncatedTo(ChronoUnit.SECONDS));
                }
                return new Recorded(d, "retried");
              }
              j.state = JobState.FAILED;
              if (latest) {
                d.status = DocumentStatus.FAILED;
                d.error =
                    truncate(
                        transientFailure
                            ? "gave up after retrying for " + policy.retryFor() + ": " + reason
                            : reason);
              }
              return new Recorded(d, "failed");
            });
  }

  /** At most 2,000 characters, with the server's directories hidden: API clients read it. */
  private static String truncate(String text) {
    String s = ServerPaths.hide(text);
    return s.length() <= 2000 ? s : s.substring(0, 1997) + "...";
  }
}
