package dev.quarry.api.ingest;

import dev.quarry.api.catalogue.Document;
import dev.quarry.api.catalogue.DocumentStatus;
import dev.quarry.api.catalogue.DocumentVersion;
import dev.quarry.api.catalogue.IngestionJob;
import dev.quarry.api.catalogue.JobState;
import dev.quarry.api.catalogue.KnowledgeBase;
import dev.quarry.api.engine.Pipelines;
import dev.quarry.api.storage.BlobStore;
import dev.quarry.retriever.index.IndexStore;
import dev.quarry.retriever.index.KnowledgeIndex;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Brings the catalogue, the indexes and the blobs back into agreement at start-up, before any
 * worker runs. After a crash:
 *
 * <ul>
 *   <li>jobs left RUNNING and documents left PROCESSING are queued again;
 *   <li>a QUEUED document without a pending job gets one;
 *   <li>a READY document whose chunks are missing from its index is queued again;
 *   <li>chunks of documents the catalogue does not know are removed, and indexes of knowledge bases
 *       it does not know are deleted (only those named like the server's own ids: an index made by
 *       {@code ./quarry ingest} without a server is left alone);
 *   <li>partial uploads and blobs no document version refers to are deleted.
 * </ul>
 */
@ApplicationScoped
public class Reconciler {

  /** Index directory names the server gives knowledge bases (32 hex digits). */
  private static final Pattern SERVER_ID = Pattern.compile("[0-9a-f]{32}");

  @Inject IndexStore indexes;
  @Inject Pipelines pipelines;
  @Inject BlobStore blobs;

  /** What one reconciliation changed. */
  public record Report(
      int requeuedJobs,
      int requeuedDocuments,
      int strayChunksDocuments,
      int strayIndexes,
      int strayBlobs) {}

  public Report run() {
    int partial = blobs.clearIncoming();
    int[] requeued =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  Instant now = Instant.now();
                  int jobs =
                      IngestionJob.update(
                          "state = ?1, updatedAt = ?2 where state = ?3",
                          JobState.QUEUED,
                          now,
                          JobState.RUNNING);
                  int docs =
                      Document.update(
                          "status = ?1, updatedAt = ?2 where status = ?3",
                          DocumentStatus.QUEUED,
                          now,
                          DocumentStatus.PROCESSING);
                  return new int[] {jobs, docs};
                });
    int strayDocs = 0;
    int strayIndexes = 0;
    int missing = 0;
    Set<String> kbIds =
        QuarkusTransaction.requiringNew()
            .call(
                () ->
                    KnowledgeBase.<KnowledgeBase>listAll().stream()
                        .map(kb -> kb.id)
                        .collect(Collectors.toSet()));
    for (String name : indexes.list()) {
      if (kbIds.contains(name)) {
        continue;
      }
      if (SERVER_ID.matcher(name).matches()) {
        indexes.delete(name); // a knowledge base deleted while the server went down
        strayIndexes++;
      } else {
        // Made by `./quarry ingest` without a server: not ours to delete.
        Log.infof(
            "Index %s is not a knowledge base of this server (made by ./quarry ingest?); left"
                + " alone",
            name);
      }
    }
    for (String kbId : kbIds) {
      KnowledgeIndex index = pipelines.index(kbId);
      Set<String> indexed = new HashSet<>(index.documentIds());
      List<Document> docs =
          QuarkusTransaction.requiringNew().call(() -> Document.<Document>list("kbId", kbId));
      Set<String> known = docs.stream().map(d -> d.id).collect(Collectors.toSet());
      for (String id : indexed) {
        if (!known.contains(id)) {
          index.delete(id);
          strayDocs++;
        }
      }
      for (Document d : docs) {
        if (d.status == DocumentStatus.READY && !indexed.contains(d.id)) {
          missing += requeue(d.id);
        }
      }
    }
    missing += queueOrphanedDocuments();
    int strayBlobs = 0;
    for (String sha : blobs.list()) {
      if (!QuarkusTransaction.requiringNew().call(() -> DocumentVersion.blobInUse(sha))) {
        blobs.delete(sha);
        strayBlobs++;
      }
    }
    Report report =
        new Report(
            requeued[0], requeued[1] + missing, strayDocs, strayIndexes, strayBlobs + partial);
    Log.infof(
        "Reconciled catalogue and indexes: %d interrupted jobs re-queued, %d documents re-queued,"
            + " %d unknown documents removed from indexes, %d unknown indexes deleted, %d stray"
            + " blobs deleted",
        report.requeuedJobs(),
        report.requeuedDocuments(),
        report.strayChunksDocuments(),
        report.strayIndexes(),
        report.strayBlobs());
    return report;
  }

  private static int requeue(String documentId) {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              Document d = Document.findById(documentId);
              d.status = DocumentStatus.QUEUED;
              d.updatedAt = Instant.now();
              Uploads.enqueue(d, Instant.now());
              return 1;
            });
  }

  /** QUEUED documents with no pending job (a safety net; uploads commit both together). */
  private static int queueOrphanedDocuments() {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              List<Document> queued = Document.list("status", DocumentStatus.QUEUED);
              int n = 0;
              for (Document d : queued) {
                long pending =
                    IngestionJob.count(
                        "documentId = ?1 and state in ?2",
                        d.id,
                        List.of(JobState.QUEUED, JobState.RUNNING));
                if (pending == 0) {
                  Uploads.enqueue(d, Instant.now());
                  n++;
                }
              }
              return n;
            });
  }
}
