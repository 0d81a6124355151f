package dev.quarry.api.ingest;

import dev.quarry.api.catalogue.Document;
import dev.quarry.api.catalogue.DocumentStatus;
import dev.quarry.api.catalogue.IngestionJob;
import dev.quarry.api.catalogue.JobState;
import dev.quarry.api.catalogue.KnowledgeBase;
import dev.quarry.api.catalogue.KnowledgeBaseState;
import dev.quarry.api.engine.Pipelines;
import dev.quarry.api.replicas.ThisServer;
import dev.quarry.api.storage.BlobCollector;
import dev.quarry.api.storage.BlobStore;
import dev.quarry.retriever.index.ChunkIndex;
import dev.quarry.retriever.index.ChunkIndexes;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntSupplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Brings the catalogue, the indexes and the blobs back into agreement at start-up, before any
 * worker runs. After a crash or an interrupted deletion:
 *
 * <ol>
 *   <li>partial uploads are deleted;
 *   <li>jobs left RUNNING and documents left PROCESSING are queued again;
 *   <li>deletions of knowledge bases cut short (state DELETING) are finished;
 *   <li>orphan rows (documents, versions, jobs, keys whose knowledge base or document is gone) are
 *       deleted;
 *   <li>indexes of knowledge bases the catalogue does not know are deleted (only those named like
 *       the server's own ids: an index made by {@code ./quarry ingest} without a server is left
 *       alone);
 *   <li>in each index, chunks of documents the catalogue does not know are removed, and READY
 *       documents whose chunks are missing are queued again;
 *   <li>a QUEUED document without a pending job gets one;
 *   <li>blobs no document version refers to are deleted.
 * </ol>
 *
 * <p>Other servers may share the catalogue (and the blob directory): the first two steps touch only
 * what servers without a lease left ({@link ThisServer#running}).
 *
 * <p>Each step (and each knowledge base, and each document in step 7) is guarded: a failure is
 * logged with its cause, counted in {@link Report#failedSteps}, and the next step runs. Start-up
 * never fails because of what it finds in the catalogue.
 */
@ApplicationScoped
public class Reconciler {

  /** Index directory names the server gives knowledge bases (32 hex digits). */
  private static final Pattern SERVER_ID = Pattern.compile("[0-9a-f]{32}(-g[0-9]+)?");

  @Inject ChunkIndexes indexes;
  @Inject Pipelines pipelines;
  @Inject BlobStore blobs;
  @Inject BlobCollector collector;
  @Inject CatalogueRepair repair;
  @Inject Generations generations;
  @Inject AbandonedJobs abandoned;
  @Inject ThisServer server;

  /**
   * What one reconciliation changed.
   *
   * @param failedSteps the steps that failed (see the log), empty when all ran
   */
  public record Report(
      int requeuedJobs,
      int requeuedDocuments,
      int finishedDeletions,
      int orphanRows,
      int strayChunksDocuments,
      int strayIndexes,
      int strayBlobs,
      List<String> failedSteps) {}

  public Report run() {
    List<String> failed = new ArrayList<>();
    // Other servers may be running on this catalogue: only what stopped servers left is repaired.
    Set<String> running = server.running();
    int partial = guard("partial uploads", failed, () -> blobs.clearIncoming(running));
    int jobs = guard("interrupted jobs", failed, () -> abandoned.requeueJobs(running));
    int docs = guard("interrupted documents", failed, () -> abandoned.requeueDocuments(running));
    int deletions = guard("interrupted deletions", failed, repair::finishDeletions);
    int orphans = guard("orphan rows", failed, repair::deleteOrphanRows);
    guard("re-index switches", failed, this::completeReindexes);
    int strayIndexes = guard("unknown indexes", failed, this::deleteUnknownIndexes);
    int strayDocs = 0;
    int missing = 0;
    for (String kbId : activeKnowledgeBases(failed)) {
      int[] found = new int[2];
      guard(
          "index of knowledge base " + kbId,
          failed,
          () -> {
            int[] r = checkIndex(kbId);
            found[0] = r[0];
            found[1] = r[1];
            return 0;
          });
      strayDocs += found[0];
      missing += found[1];
    }
    missing += queueOrphanedDocuments(failed);
    int strayBlobs = guard("unused blobs", failed, collector::deleteAllUnused);
    Report report =
        new Report(
            jobs,
            docs + missing,
            deletions,
            orphans,
            strayDocs,
            strayIndexes,
            strayBlobs + partial,
            List.copyOf(failed));
    Log.infof(
        "Reconciled catalogue and indexes: %d interrupted jobs re-queued, %d documents re-queued,"
            + " %d interrupted knowledge base deletions finished, %d orphan rows deleted, %d"
            + " unknown documents removed from indexes, %d unknown indexes deleted, %d stray blobs"
            + " deleted%s",
        report.requeuedJobs(),
        report.requeuedDocuments(),
        report.finishedDeletions(),
        report.orphanRows(),
        report.strayChunksDocuments(),
        report.strayIndexes(),
        report.strayBlobs(),
        failed.isEmpty() ? "" : "; FAILED steps (see above, start-up goes on): " + failed);
    return report;
  }

  /** Runs one repair step; a failure is logged and recorded, and counts as nothing repaired. */
  private static int guard(String step, List<String> failed, IntSupplier action) {
    try {
      return action.getAsInt();
    } catch (RuntimeException e) {
      Log.errorf(e, "Start-up reconciliation: step '%s' failed; start-up goes on", step);
      failed.add(step);
      return 0;
    }
  }

  /**
   * Switches the knowledge bases whose re-index had written every document when the server went
   * down before the switch; the others resume from their queued jobs.
   */
  private int completeReindexes() {
    List<String> building =
        QuarkusTransaction.requiringNew()
            .call(
                () ->
                    KnowledgeBase.<KnowledgeBase>list("nextGeneration is not null").stream()
                        .map(kb -> kb.id)
                        .toList());
    int n = 0;
    for (String kbId : building) {
      if (generations.completeIfDone(kbId) != null) {
        n++;
      }
    }
    return n;
  }

  /**
   * Deletes the indexes of knowledge bases that no longer exist, and the generations of existing
   * ones that are neither live nor being built (an old generation a crash left after a switch, or
   * an abandoned re-index).
   */
  private int deleteUnknownIndexes() {
    Set<String> known =
        new HashSet<>(
            QuarkusTransaction.requiringNew()
                .call(
                    () ->
                        KnowledgeBase.<KnowledgeBase>listAll().stream()
                            .flatMap(
                                kb ->
                                    kb.nextGeneration == null
                                        ? Stream.of(Pipelines.indexName(kb.id, kb.generation))
                                        : Stream.of(
                                            Pipelines.indexName(kb.id, kb.generation),
                                            Pipelines.indexName(kb.id, kb.nextGeneration)))
                            .toList()));
    int n = 0;
    for (String name : indexes.list()) {
      if (known.contains(name)) {
        continue;
      }
      if (SERVER_ID.matcher(name).matches()) {
        indexes.delete(name); // a knowledge base deleted while the server went down
        n++;
      } else {
        // Made by `./quarry ingest` without a server: not ours to delete.
        Log.infof(
            "Index %s is not a knowledge base of this server (made by ./quarry ingest?); left"
                + " alone",
            name);
      }
    }
    return n;
  }

  private static List<String> activeKnowledgeBases(List<String> failed) {
    try {
      return QuarkusTransaction.requiringNew()
          .call(
              () ->
                  KnowledgeBase.<KnowledgeBase>list("state", KnowledgeBaseState.ACTIVE).stream()
                      .map(kb -> kb.id)
                      .toList());
    } catch (RuntimeException e) {
      Log.errorf(e, "Start-up reconciliation: cannot list knowledge bases; start-up goes on");
      failed.add("knowledge bases");
      return List.of();
    }
  }

  /** Returns {unknown documents removed, READY documents re-queued}. */
  private int[] checkIndex(String kbId) {
    ChunkIndex index = pipelines.index(kbId);
    Set<String> indexed = new HashSet<>(index.documentIds());
    List<Document> docs =
        QuarkusTransaction.requiringNew().call(() -> Document.<Document>list("kbId", kbId));
    Set<String> known = new HashSet<>();
    docs.forEach(d -> known.add(d.id));
    int stray = 0;
    for (String id : indexed) {
      if (!known.contains(id)) {
        index.delete(id);
        stray++;
      }
    }
    int missing = 0;
    for (Document d : docs) {
      if (d.status == DocumentStatus.READY && !indexed.contains(d.id)) {
        missing += requeue(d.id);
      }
    }
    return new int[] {stray, missing};
  }

  private static int requeue(String documentId) {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              Document d = Document.findByIdForUpdate(documentId);
              d.status = DocumentStatus.QUEUED;
              d.updatedAt = Instant.now();
              Uploads.enqueue(d, Instant.now());
              return 1;
            });
  }

  /** QUEUED documents with no pending job (a safety net; uploads commit both together). */
  private static int queueOrphanedDocuments(List<String> failed) {
    List<String> queued;
    try {
      queued =
          QuarkusTransaction.requiringNew()
              .call(
                  () ->
                      Document.<Document>list("status", DocumentStatus.QUEUED).stream()
                          .map(d -> d.id)
                          .toList());
    } catch (RuntimeException e) {
      Log.errorf(e, "Start-up reconciliation: cannot list queued documents; start-up goes on");
      failed.add("queued documents");
      return 0;
    }
    int n = 0;
    for (String id : queued) {
      n += guard("job for queued document " + id, failed, () -> queueIfNoJob(id));
    }
    return n;
  }

  private static int queueIfNoJob(String documentId) {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              Document d = Document.findById(documentId);
              long pending =
                  IngestionJob.count(
                      "documentId = ?1 and state in ?2",
                      documentId,
                      List.of(JobState.QUEUED, JobState.RUNNING));
              if (d == null || pending > 0) {
                return 0;
              }
              Uploads.enqueue(d, Instant.now());
              return 1;
            });
  }
}
