package dev.quarry.api.ingest;

import dev.quarry.api.QuarryConfig;
import dev.quarry.api.catalogue.ApiKey;
import dev.quarry.api.catalogue.Document;
import dev.quarry.api.catalogue.DocumentVersion;
import dev.quarry.api.catalogue.IngestionJob;
import dev.quarry.api.catalogue.KnowledgeBase;
import dev.quarry.api.catalogue.KnowledgeBaseState;
import dev.quarry.api.catalogue.KnowledgeBases;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * The catalogue-only repairs of start-up reconciliation: knowledge base deletions a crash cut short
 * and rows whose parent is gone (jobs a crash cut short are {@link AbandonedJobs}). Each method is
 * one step of {@link Reconciler} and returns how many things it repaired.
 */
@ApplicationScoped
class CatalogueRepair {

  @Inject KnowledgeBases knowledgeBases;
  @Inject QuarryConfig config;

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
