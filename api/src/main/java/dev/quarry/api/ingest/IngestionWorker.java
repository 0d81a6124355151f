package dev.quarry.api.ingest;

import dev.quarry.api.QuarryConfig;
import dev.quarry.api.catalogue.Document;
import dev.quarry.api.catalogue.DocumentStatus;
import dev.quarry.api.catalogue.IngestionJob;
import dev.quarry.api.catalogue.JobState;
import dev.quarry.api.catalogue.KnowledgeBase;
import dev.quarry.api.engine.Pipelines;
import dev.quarry.api.storage.BlobStore;
import dev.quarry.ingestion.pipeline.IngestResult;
import dev.quarry.ingestion.pipeline.IngestionPipeline;
import dev.quarry.ingestion.pipeline.SourceDocument;
import dev.quarry.retriever.RetrieverException;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Runs ingestion jobs from the catalogue on a bounded pool ({@code quarry.ingestion.workers}).
 *
 * <p>A dispatcher thread claims due jobs (QUEUED → RUNNING, one job per document at a time) when
 * woken by an upload and every poll interval. A job parses, chunks and indexes its version through
 * the knowledge base's {@link dev.quarry.ingestion.pipeline.IngestionPipeline}; the index swaps
 * versions atomically, so a search never sees half a document. Failures the file causes (it cannot
 * be parsed) end the document FAILED at once; failures of the machine (index, I/O) are retried with
 * doubling backoff up to {@code quarry.ingestion.max-attempts}. A crash leaves jobs RUNNING, which
 * {@link Reconciler} re-queues at the next start.
 */
@ApplicationScoped
public class IngestionWorker {

  @Inject QuarryConfig config;
  @Inject Pipelines pipelines;
  @Inject BlobStore blobs;
  @Inject IngestionEvents events;
  @Inject MeterRegistry metrics;

  private ExecutorService pool;
  private ScheduledExecutorService dispatcher;
  private Semaphore slots;
  private final Set<String> runningDocuments = ConcurrentHashMap.newKeySet();

  /** Starts dispatching; called once the catalogue has been reconciled. */
  public synchronized void start() {
    if (pool != null) {
      return;
    }
    int workers = Math.max(1, config.ingestion().workers());
    slots = new Semaphore(workers);
    pool = Executors.newFixedThreadPool(workers, named("quarry-ingest"));
    dispatcher = Executors.newSingleThreadScheduledExecutor(named("quarry-dispatch"));
    long poll = config.ingestion().pollInterval().toMillis();
    dispatcher.scheduleWithFixedDelay(this::dispatch, 0, poll, TimeUnit.MILLISECONDS);
    Log.infof("Ingestion workers started: %d", workers);
  }

  /** Looks for due jobs now (after an upload). */
  public void wake() {
    ScheduledExecutorService d = dispatcher;
    if (d != null && !d.isShutdown()) {
      d.execute(this::dispatch);
    }
  }

  private void dispatch() {
    try {
      while (slots.availablePermits() > 0) {
        List<IngestionJob> due =
            QuarkusTransaction.requiringNew()
                .call(() -> IngestionJob.due(Instant.now(), 4 * config.ingestion().workers()));
        int started = 0;
        for (IngestionJob job : due) {
          if (runningDocuments.contains(job.documentId) || !slots.tryAcquire()) {
            continue;
          }
          if (!claim(job)) {
            slots.release();
            continue;
          }
          runningDocuments.add(job.documentId);
          started++;
          pool.execute(() -> run(job));
        }
        if (started == 0) {
          return;
        }
      }
    } catch (RuntimeException e) {
      Log.warn("Dispatching ingestion jobs failed; retrying at the next poll", e);
    }
  }

  private boolean claim(IngestionJob job) {
    Document doc =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  int updated =
                      IngestionJob.update(
                          "state = ?1, attempts = attempts + 1, updatedAt = ?2"
                              + " where id = ?3 and state = ?4",
                          JobState.RUNNING,
                          Instant.now(),
                          job.id,
                          JobState.QUEUED);
                  if (updated == 0) {
                    return null;
                  }
                  Document d = Document.findById(job.documentId);
                  if (d != null && d.version == job.version) {
                    d.status = DocumentStatus.PROCESSING;
                    d.updatedAt = Instant.now();
                  }
                  return d;
                });
    if (doc == null) {
      return false;
    }
    job.attempts += 1;
    events.publish(DocumentEvent.of(doc));
    return true;
  }

  private void run(IngestionJob job) {
    try {
      IngestResult result = ingest(job);
      if (result == null) {
        setState(job, JobState.SUPERSEDED);
      } else {
        finish(job, result);
      }
    } catch (RuntimeException e) {
      Log.warnf(e, "Ingestion job %s for document %s failed", job.id, job.documentId);
      finish(job, null);
    } finally {
      runningDocuments.remove(job.documentId);
      slots.release();
      wake();
    }
  }

  private IngestResult ingest(IngestionJob job) {
    record Work(KnowledgeBase kb, String name, String sha256) {}
    Work work =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  KnowledgeBase kb = KnowledgeBase.findById(job.kbId);
                  Document doc = Document.findById(job.documentId);
                  if (kb == null || doc == null || doc.version != job.version) {
                    return null;
                  }
                  return new Work(kb, doc.name, doc.sha256);
                });
    if (work == null) {
      return null; // deleted or superseded while queued
    }
    Path blob = blobs.path(work.sha256());
    if (!Files.exists(blob)) {
      return IngestResult.failed(
          job.documentId,
          work.name(),
          "the stored file is missing from " + blobs.root() + "; upload it again",
          false,
          null);
    }
    SourceDocument source = new SourceDocument(job.documentId, work.name(), blob, null);
    IngestionPipeline pipeline;
    try {
      pipeline = pipelines.pipeline(work.kb());
    } catch (RetrieverException e) {
      // Locked by another process, or a failed writer not yet reopened: worth another try.
      return IngestResult.failed(job.documentId, work.name(), e.getMessage(), true, null);
    }
    return pipeline.ingest(source);
  }

  /** Records the outcome; {@code result} null means an unexpected error (retried). */
  private void finish(IngestionJob job, IngestResult result) {
    Instant now = Instant.now();
    boolean transientFailure = result == null || result.retryable();
    String reason = result == null ? "internal error (see the server log)" : result.reason();
    boolean succeeded =
        result != null
            && (result.status() == IngestResult.Status.INGESTED
                || result.status() == IngestResult.Status.UNCHANGED);
    boolean retry =
        !succeeded && transientFailure && job.attempts < config.ingestion().maxAttempts();
    Document doc =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  IngestionJob j = IngestionJob.findById(job.id);
                  Document d = Document.findById(job.documentId);
                  if (j == null || d == null) {
                    return null;
                  }
                  j.updatedAt = now;
                  boolean latest = d.version == job.version;
                  if (succeeded) {
                    j.state = JobState.DONE;
                    if (latest) {
                      d.status = DocumentStatus.READY;
                      d.error = null;
                    }
                    d.indexedVersion = result.version();
                    d.chunkCount = result.chunks();
                  } else if (retry) {
                    j.state = JobState.QUEUED;
                    j.lastError = truncate(reason);
                    j.nextAttemptAt = now.plus(backoff(job.attempts));
                    if (latest) {
                      d.status = DocumentStatus.QUEUED;
                      d.error = truncate("retrying after: " + reason);
                    }
                  } else {
                    j.state = JobState.FAILED;
                    j.lastError = truncate(reason);
                    if (latest) {
                      d.status = DocumentStatus.FAILED;
                      d.error = truncate(reason);
                    }
                  }
                  d.updatedAt = now;
                  return d;
                });
    if (doc == null) {
      // Deleted while it was being ingested: take back whatever this job wrote.
      boolean kbExists =
          QuarkusTransaction.requiringNew().call(() -> KnowledgeBase.findById(job.kbId) != null);
      if (succeeded && kbExists) {
        pipelines.index(job.kbId).delete(job.documentId);
      }
      return;
    }
    metrics
        .counter(
            "quarry.ingest.documents",
            "outcome",
            succeeded ? "ready" : retry ? "retried" : "failed")
        .increment();
    if (succeeded && result.status() == IngestResult.Status.INGESTED) {
      metrics.counter("quarry.ingest.chunks").increment(result.chunks());
    }
    events.publish(DocumentEvent.of(doc));
  }

  private static void setState(IngestionJob job, JobState state) {
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                IngestionJob.update(
                    "state = ?1, updatedAt = ?2 where id = ?3", state, Instant.now(), job.id));
  }

  private Duration backoff(int attempts) {
    return config.ingestion().retryBackoff().multipliedBy(1L << Math.min(10, attempts - 1));
  }

  private static String truncate(String s) {
    return s.length() <= 2000 ? s : s.substring(0, 1997) + "...";
  }

  private static java.util.concurrent.ThreadFactory named(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  @PreDestroy
  synchronized void stop() {
    if (dispatcher != null) {
      dispatcher.shutdownNow();
    }
    if (pool != null) {
      pool.shutdown();
      try {
        if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
          pool.shutdownNow();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
