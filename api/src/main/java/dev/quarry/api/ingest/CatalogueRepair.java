package dev.quarry.api.ingest;

import dev.quarry.api.QuarryConfig;
import dev.quarry.api.catalogue.ApiKey;
import dev.quarry.api.catalogue.Document;
import dev.quarry.api.catalogue.DocumentStatus;
import dev.quarry.api.catalogue.DocumentVersion;
import dev.quarry.api.catalogue.IngestionJob;
import dev.quarry.api.catalogue.JobState;
import dev.quarry.api.catalogue.KnowledgeBase;
import dev.quarry.api.catalogue.KnowledgeBaseState;
import dev.quarry.api.catalogue.KnowledgeBases;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The catalogue-only repairs of start-up reconciliation: work a crash cut short (running jobs,
 * processing documents, knowledge base deletions) and rows whose parent is gone. Each method is one
 * step of {@link Reconciler} and returns how many things it repaired.
 */
@ApplicationScoped
class CatalogueRepair {

  @Inject KnowledgeBases knowledgeBases;
  @Inject QuarryConfig config;

  /**
   * Jobs a crash cut short are queued again. The crash counts as a transient failure: a file that
   * brings the server down each time ends FAILED once {@code quarry.ingestion.retry-for} has passed
   * since the first crash, instead of crashing it for ever.
   */
  int requeueRunningJobs() {
    Instant now = Instant.now();
    Duration retryFor = config.ingestion().retryFor();
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              List<IngestionJob> running = IngestionJob.list("state", JobState.RUNNING);
              for (IngestionJob j : running) {
                j.updatedAt = now;
                if (j.retryUntil == null || now.isBefore(j.retryUntil)) {
                  j.state = JobState.QUEUED;
                  j.retryUntil = j.retryUntil == null ? now.plus(retryFor) : j.retryUntil;
                  continue;
                }
                j.state = JobState.FAILED;
                j.lastError = "the server stopped while ingesting it, again and again";
                Document d = Document.findById(j.documentId);
                if (d != null && d.version == j.version) {
                  d.status = DocumentStatus.FAILED;
                  d.error =
                      "gave up after retrying for "
                          + retryFor
                          + ": the server stopped while ingesting it, again and again";
                  d.updatedAt = now;
                }
              }
              return running.size();
            });
  }

  int requeueProcessingDocuments() {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                Document.update(
                    "status = ?1, updatedAt = ?2 where status = ?3",
                    DocumentStatus.QUEUED,
                    Instant.now(),
                    DocumentStatus.PROCESSING));
  }

  /** Finishes deletions a crash cut short; their blobs go with the unused-blob sweep. */
  int finishDeletions() {
    List<String> deleting =
        QuarkusTransaction.requiringNew()
            .call(
                () ->
                    KnowledgeBase.<KnowledgeBase>list("state", KnowledgeBaseState.DELETING).stream()
                        .map(kb -> kb.id)
                        .toList());
    for (String kbId : deleting) {
      knowledgeBases.finishDelete(kbId);
      Log.infof("Finished deleting knowledge base %s (cut short before the restart)", kbId);
    }
    return deleting.size();
  }

  /**
   * Rows whose parent is gone: left by deletions that raced uploads before deletion marked the
   * knowledge base first (an H2 foreign key does not see a concurrent uncommitted delete).
   */
  int deleteOrphanRows() {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              String kbGone = "not in (select k.id from KnowledgeBase k)";
              long n =
                  IngestionJob.delete(
                      "kbId " + kbGone + " or documentId not in (select d.id from Document d)");
              n +=
                  DocumentVersion.delete(
                      "key.documentId in (select d.id from Document d where d.kbId "
                          + kbGone
                          + ")");
              n += Document.delete("kbId " + kbGone);
              n += DocumentVersion.delete("key.documentId not in (select d.id from Document d)");
              n += ApiKey.delete("kbId " + kbGone);
              if (n > 0) {
                Log.warnf("Deleted %d catalogue rows whose knowledge base or document was gone", n);
              }
              return (int) n;
            });
  }
}
