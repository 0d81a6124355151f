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
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
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

  @Inject AgroalDataSource dataSource;

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
              awaitALockWait();
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
   * Returns once a session of the database waits on a row lock (the outcome's, on the row the open
   * transaction holds), or after 10 s, whichever comes first. Asked of the database itself: H2's
   * sessions table names a waiting session's blocker, PostgreSQL's activity view its wait.
   */
  private void awaitALockWait() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    try (Connection c = dataSource.getConnection()) {
      String product = c.getMetaData().getDatabaseProductName();
      String waiting =
          product.equals("H2")
              ? "select count(*) from information_schema.sessions where blocker_id is not null"
              : "select count(*) from pg_stat_activity where wait_event_type = 'Lock'";
      while (System.nanoTime() < deadline) {
        try (Statement st = c.createStatement();
            ResultSet rs = st.executeQuery(waiting)) {
          if (rs.next() && rs.getLong(1) > 0) {
            return;
          }
        }
        Thread.sleep(10);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
