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
import dev.quarry.retriever.IndexUnavailableException;
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
import java.util.Map;
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
 * doubling backoff for {@code quarry.ingestion.retry-for} after the first one ({@link
 * RetryPolicy}). When the index itself cannot be opened, the knowledge base is listed in {@link
 * IndexOutages} (readiness reports it) and its jobs wait for a probe to open it again instead of
 * spending their time. A crash leaves jobs RUNNING, which {@link Reconciler} re-queues at the next
 * start.
 */
@ApplicationScoped
public class IngestionWorker {

  @Inject QuarryConfig config;
  @Inject Pipelines pipelines;
  @Inject BlobStore blobs;
  @Inject IngestionEvents events;
  @Inject MeterRegistry metrics;
  @Inject IndexOutages outages;

  private RetryPolicy policy;

  private ExecutorService pool;
  private ScheduledExecutorService dispatcher;
  private Semaphore slots;
  private final Set<String> runningDocuments = ConcurrentHashMap.newKeySet();

  /** Claimed or running jobs: job id → knowledge base id (see {@link #awaitIdle}). */
  private final Map<String, String> runningJobs = new ConcurrentHashMap<>();

  /** Starts dispatching; called once the catalogue has been reconciled. */
  public synchronized void start() {
    if (pool != null) {
      return;
    }
    policy =
        new RetryPolicy(
            config.ingestion().retryBackoff(),
            config.ingestion().maxRetryBackoff(),
            config.ingestion().retryFor());
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
        Instant now = Instant.now();
        Set<String> held = outages.held(now);
        List<IngestionJob> due =
            QuarkusTransaction.requiringNew()
                .call(() -> IngestionJob.due(now, 4 * config.ingestion().workers(), held));
        int started = 0;
        for (IngestionJob job : due) {
          if (runningDocuments.contains(job.documentId) || !slots.tryAcquire()) {
            continue;
          }
          runningJobs.put(job.id, job.kbId); // before the claim: see awaitIdle
          if (!claim(job)) {
            runningJobs.remove(job.id);
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
      runningJobs.remove(job.id);
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
                  if (kb == null || !kb.isActive() || doc == null || doc.version != job.version) {
                    return null;
                  }
                  return new Work(kb, doc.name, doc.sha256);
                });
    if (work == null) {
      return null; // deleted (or being deleted) or superseded while queued
    }
    Path blob = blobs.path(work.sha256());
    if (!Files.exists(blob)) {
      Log.warnf("Document %s: its stored file %s is missing", job.documentId, blob);
      return IngestResult.failed(
          job.documentId, work.name(), "the stored file is missing; upload it again", false, null);
    }
    SourceDocument source = new SourceDocument(job.documentId, work.name(), blob, null);
    IngestionPipeline pipeline;
    try {
      pipeline = pipelines.pipeline(work.kb());
    } catch (RetrieverException e) {
      // Locked by another process, unwritable, or a failed writer not reopened yet: it may pass.
      return indexUnavailable(job, work.name(), e);
    }
    IngestResult result = pipeline.ingest(source);
    if (result.status() == IngestResult.Status.FAILED && result.retryable()) {
      RetrieverException problem = probe(job.kbId);
      if (problem != null) {
        return indexUnavailable(job, work.name(), problem);
      }
    }
    return result;
  }

  /** Null when the knowledge base's index opens; else why not. */
  private RetrieverException probe(String kbId) {
    try {
      return pipelines.index(kbId).isOpen()
          ? null
          : new IndexUnavailableException(
              "The index of knowledge base " + kbId + " is closed", null);
    } catch (RetrieverException e) {
      return e;
    }
  }

  /** Records an index outage (logged in full when it starts) and a retryable result. */
  private IngestResult indexUnavailable(IngestionJob job, String name, RetrieverException e) {
    String problem = IndexProblems.describe(e);
    if (outages.failed(job.kbId, problem, policy)) {
      Log.warnf(
          e,
          "The index of knowledge base %s cannot be used; its jobs wait, and it is probed again"
              + " up to every %s",
          job.kbId,
          policy.maxBackoff());
    } else {
      Log.debugf("The index of knowledge base %s is still unavailable: %s", job.kbId, problem);
    }
    return IngestResult.failed(
        job.documentId, name, "the index is unavailable (" + problem + ")", true, null);
  }

  /** Ends the knowledge base's index outage, if any, and lets its waiting jobs run now. */
  private void indexWorks(String kbId) {
    if (!outages.recovered(kbId)) {
      return;
    }
    Log.infof("The index of knowledge base %s works again; its queued jobs resume", kbId);
    Instant now = Instant.now();
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                IngestionJob.update(
                    "nextAttemptAt = ?1 where kbId = ?2 and state = ?3 and nextAttemptAt > ?1",
                    now,
                    kbId,
                    JobState.QUEUED));
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
    if (succeeded) {
      indexWorks(job.kbId);
    }
    JobOutcomes.Recorded recorded =
        JobOutcomes.record(job, result, succeeded, transientFailure, reason, policy, now);
    if (recorded == null) {
      // Deleted while it was being ingested: take back whatever this job wrote.
      boolean kbActive =
          QuarkusTransaction.requiringNew()
              .call(() -> KnowledgeBase.findActive(job.kbId).isPresent());
      if (succeeded && kbActive) {
        pipelines.index(job.kbId).delete(job.documentId);
      }
      return;
    }
    metrics.counter("quarry.ingest.documents", "outcome", recorded.outcome()).increment();
    if (succeeded && result.status() == IngestResult.Status.INGESTED) {
      metrics.counter("quarry.ingest.chunks").increment(result.chunks());
    }
    events.publish(DocumentEvent.of(recorded.doc()));
  }

  /**
   * Waits until no job of the knowledge base is claimed or running. A job claimed after the
   * knowledge base was marked DELETING reads that mark before it touches the index, and stops.
   *
   * @return true when none runs, false when {@code timeout} passed first (or the wait was
   *     interrupted)
   */
  public boolean awaitIdle(String kbId, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (runningJobs.containsValue(kbId)) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  private static void setState(IngestionJob job, JobState state) {
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                IngestionJob.update(
                    "state = ?1, updatedAt = ?2 where id = ?3", state, Instant.now(), job.id));
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
