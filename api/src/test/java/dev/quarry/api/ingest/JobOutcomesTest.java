package dev.quarry.api.ingest;

import static dev.quarry.api.testing.Api.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.api.catalogue.Document;
import dev.quarry.api.catalogue.DocumentStatus;
import dev.quarry.api.catalogue.IngestionJob;
import dev.quarry.api.testing.Api;
import dev.quarry.api.testing.TempDataDir;
import dev.quarry.ingestion.pipeline.IngestResult;
import dev.quarry.ingestion.pipeline.StageTimings;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An attempt's outcome is recorded while uploads go on: it must never write an older document row
 * back over a newer version an upload committed meanwhile.
 */
@QuarkusTest
@WithTestResource(TempDataDir.class)
class JobOutcomesTest {

  private final RetryPolicy policy =
      new RetryPolicy(Duration.ofSeconds(2), Duration.ofMinutes(1), Duration.ofMinutes(15));

  @Test
  void should_keep_the_newer_version_an_upload_commits_while_an_older_outcome_is_being_recorded()
      throws Exception {
    // given: version 1 of a document, READY, and the job that indexed it
    String kb = Api.createKb("Outcomes");
    String id = Api.upload(ADMIN, kb, Api.file("o.txt", "Outcomes are recorded.")).get(0);
    Api.awaitReady(kb, id);
    IngestionJob job =
        QuarkusTransaction.requiringNew()
            .call(() -> IngestionJob.<IngestionJob>find("documentId", id).firstResult());
    IngestResult indexed =
        new IngestResult(
            id, "o.txt", IngestResult.Status.INGESTED, 1, 1, "", false, StageTimings.ZERO);

    // when: an upload's transaction has written version 2 and not yet committed, while the
    // outcome of the version-1 attempt is being recorded
    CompletableFuture<JobOutcomes.Recorded> outcome = new CompletableFuture<>();
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              Document d = Document.findByIdForUpdate(id);
              d.version = 2;
              d.status = DocumentStatus.QUEUED;
              d.updatedAt = Instant.now();
              Document.getEntityManager().flush();
              Thread t =
                  new Thread(
                      () -> {
                        try {
                          outcome.complete(
                              JobOutcomes.record(
                                  job, indexed, true, false, "", policy, Instant.now()));
                        } catch (RuntimeException e) {
                          outcome.completeExceptionally(e);
                        }
                      },
                      "outcome-recorder");
              t.start();
              awaitWaitingInTheDatabase(t);
            });
    JobOutcomes.Recorded recorded = outcome.get(30, TimeUnit.SECONDS);

    // then: the outcome saw version 2 and left it queued; version 1 stays the indexed one
    assertThat(recorded.doc().version).isEqualTo(2);
    Document after = QuarkusTransaction.requiringNew().call(() -> Document.findById(id));
    assertThat(after.version).isEqualTo(2);
    assertThat(after.status).isEqualTo(DocumentStatus.QUEUED);
    assertThat(after.indexedVersion).isEqualTo(1);
  }

  /**
   * Returns once the thread waits on a lock inside the database (H2 here), or after 5 s, whichever
   * comes first: the outcome has then read or tried to read the row the open transaction holds.
   */
  private static void awaitWaitingInTheDatabase(Thread t) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (System.nanoTime() < deadline) {
      Thread.State state = t.getState();
      boolean inDatabase =
          Arrays.stream(t.getStackTrace())
              .anyMatch(f -> f.getClassName().startsWith("org.h2.mvstore"));
      if ((state == Thread.State.TIMED_WAITING || state == Thread.State.WAITING) && inDatabase) {
        return;
      }
      Thread.onSpinWait();
    }
  }
}
