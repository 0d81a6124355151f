package dev.quarry.api.ingest;

import dev.quarry.api.QuarryConfig;
import dev.quarry.api.catalogue.Document;
import dev.quarry.api.catalogue.DocumentStatus;
import dev.quarry.api.catalogue.IngestionJob;
import dev.quarry.api.catalogue.JobState;
import dev.quarry.api.catalogue.KnowledgeBase;
import dev.quarry.api.engine.Pipelines;
import dev.quarry.api.replicas.ThisServer;
import dev.quarry.api.storage.BlobStore;
import dev.quarry.ingestion.pipeline.IngestResult;
import dev.quarry.ingestion.pipeline.IngestionPipeline;
import dev.quarry.ingestion.pipeline.SourceDocument;
import dev.quarry.ingestion.pipeline.StageTimings;
import dev.quarry.retriever.IndexUnavailableException;
import dev.quarry.retriever.RetrieverException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.eclipse.microprofile.context.ThreadContext;

/**
 * Runs ingestion jobs from the catalogue, a batch of documents of one knowledge base at a time, on
 * at most {@code quarry.ingestion.workers} batches at once.
 *
 * <p>The Quarkus scheduler looks for due jobs every {@code quarry.ingestion.poll-interval}, and an
 * upload looks at once ({@link #wake}). Each look claims due jobs (QUEUED → RUNNING by a
 * conditional UPDATE, so a job is claimed once; one job per document at a time), up to {@code
 * quarry.ingestion.batch-documents} of one knowledge base, and hands them to a {@link
 * ManagedExecutor} bounded to the worker count. A batch goes through the knowledge base's {@link
 * IngestionPipeline#ingestAll}: files are parsed on a thread of their own while the previous ones
 * are embedded, and one index commit takes many documents; the index swaps each document's version
 * atomically, so a search never sees half a document. A job is DONE only after the commit that
 * holds its chunks, so an acknowledged upload survives a crash through its job.
 *
 * <p>Failures the file causes (it cannot be parsed) end the document FAILED at once; failures of
 * the machine (index, I/O) are retried with doubling backoff for {@code quarry.ingestion.retry-for}
 * after the first one ({@link RetryPolicy}). When the index itself cannot be opened, the knowledge
 * base is listed in {@link IndexOutages} (readiness reports it) and its jobs wait for a probe to
 * open it again instead of spending their time. On shutdown the running batches get {@link
 * #SHUTDOWN_GRACE} to finish; the jobs of those that do not are queued again, and a crash leaves
 * jobs RUNNING, which {@link Reconciler} re-queues at the next start, or another server on the same
 * catalogue once this one's lease has run out ({@link AbandonedJobs}). A claim names the server
 * that made it ({@link ThisServer}).
 */
@ApplicationScoped
public class IngestionWorker {

  /** How long shutdown waits for running batches before it re-queues their jobs. */
  static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(20);

  @Inject QuarryConfig config;
  @Inject Pipelines pipelines;
  @Inject Generations generations;
  @Inject BlobStore blobs;
  @Inject IngestionEvents events;
  @Inject MeterRegistry metrics;
  @Inject IndexOutages outages;
  @Inject ThisServer server;

  /** Quarkus' own executor, for the short claim step that an upload triggers. */
  @Inject ManagedExecutor claims;

  private RetryPolicy policy;
  private int workers;
  private int batchDocuments;

  /** Runs the batches: as many threads as {@code quarry.ingestion.workers}; built in start(). */
  private ManagedExecutor batches;

  private volatile boolean started;
  private final AtomicInteger runningBatches = new AtomicInteger();
  private final AtomicBoolean claiming = new AtomicBoolean();
  private volatile boolean lookAgain;
  private final Set<String> runningDocuments = ConcurrentHashMap.newKeySet();

  /** Claimed or running jobs: job id → knowledge base id (see {@link #awaitIdle}). */
  private final Map<String, String> runningJobs = new ConcurrentHashMap<>();

  /** Starts dispatching; called once the catalogue has been reconciled. */
  public synchronized void start() {
    if (started) {
      return;
    }
    policy =
        new RetryPolicy(
            config.ingestion().retryBackoff(),
            config.ingestion().maxRetryBackoff(),
            config.ingestion().retryFor());
    workers = Math.max(1, config.ingestion().workers());
    batchDocuments = Math.max(1, config.ingestion().batchDocuments());
    batches =
        ManagedExecutor.builder()
            .maxAsync(workers)
            .propagated(ThreadContext.NONE)
            .cleared(ThreadContext.ALL_REMAINING)
            .build();
    started = true;
    Log.infof(
        "Ingestion workers started: %d, batches of up to %d documents", workers, batchDocuments);
    wake();
  }

  /** Looks for due jobs now (after an upload), off the caller's thread. */
  public void wake() {
    if (started) {
      try {
        claims.execute(this::dispatch);
      } catch (RejectedExecutionException shuttingDown) {
        Log.debug("Not dispatching: the server is shutting down");
      }
    }
  }

  /** The scheduler's look at the queue, for retries coming due and jobs an upload did not wake. */
  @Scheduled(
      every = "${quarry.ingestion.poll-interval}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void poll() {
    if (started) {
      dispatch();
    }
  }

  /**
   * Claims and starts batches while workers are free. One look at a time: a look asked for while
   * another runs makes that one look again before it ends.
   */
  private void dispatch() {
    lookAgain = true;
    while (lookAgain && claiming.compareAndSet(false, true)) {
      lookAgain = false;
      try {
        while (started && runningBatches.get() < workers && startBatch()) {
          // another batch started; look for the next one
        }
      } catch (RuntimeException e) {
        Log.warn("Dispatching ingestion jobs failed; retrying at the next poll", e);
      } finally {
        claiming.set(false);
      }
    }
  }

  /** Claims one batch and starts it; false when nothing is due. */
  private boolean startBatch() {
    Instant now = Instant.now();
    Set<String> held = outages.held(now);
    List<IngestionJob> due =
        QuarkusTransaction.requiringNew()
            .call(() -> IngestionJob.due(now, 4 * batchDocuments * workers, held));
    List<IngestionJob> batch = new ArrayList<>();
    Set<String> documents = new HashSet<>();
    for (IngestionJob job : due) {
      // One knowledge base and one target generation per batch (see Reindex).
      boolean sameKb =
          batch.isEmpty()
              || (batch.get(0).kbId.equals(job.kbId)
                  && Objects.equals(batch.get(0).generation, job.generation));
      if (batch.size() == batchDocuments) {
        break;
      }
      if (!sameKb || runningDocuments.contains(job.documentId) || !documents.add(job.documentId)) {
        continue;
      }
      runningJobs.put(job.id, job.kbId); // before the claim: see awaitIdle
      if (claim(job)) {
        runningDocuments.add(job.documentId);
        batch.add(job);
      } else {
        runningJobs.remove(job.id);
      }
    }
    if (batch.isEmpty()) {
      return false;
    }
    runningBatches.incrementAndGet();
    try {
      batches.runAsync(() -> run(batch));
    } catch (RejectedExecutionException shuttingDown) {
      runningBatches.decrementAndGet();
      requeue(batch);
      return false;
    }
    return true;
  }

  private boolean claim(IngestionJob job) {
    Document doc =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  int updated =
                      IngestionJob.update(
                          "state = ?1, attempts = attempts + 1, updatedAt = ?2, claimedBy = ?3"
                              + " where id = ?4 and state = ?5",
                          JobState.RUNNING,
                          Instant.now(),
                          server.id(),
                          job.id,
                          JobState.QUEUED);
                  if (updated == 0) {
                    return null;
                  }
                  Document d = Document.findByIdForUpdate(job.documentId);
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

  private void run(List<IngestionJob> batch) {
    try {
      ingest(batch);
    } finally {
      for (IngestionJob job : batch) {
        runningJobs.remove(job.id);
        runningDocuments.remove(job.documentId);
      }
      runningBatches.decrementAndGet();
      wake();
    }
  }

  /** What a job needs from the catalogue; null when deleted or superseded while queued. */
  private record Work(KnowledgeBase kb, String name, String sha256, String mediaType) {}

  private void ingest(List<IngestionJob> batch) {
    Map<IngestionJob, Work> work =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  Map<IngestionJob, Work> found = new HashMap<>();
                  KnowledgeBase kb = KnowledgeBase.findById(batch.get(0).kbId);
                  for (IngestionJob job : batch) {
                    Document doc = Document.findById(job.documentId);
                    // A re-index job is wanted only while its generation is being built.
                    if (kb != null
                        && kb.isActive()
                        && doc != null
                        && doc.version == job.version
                        && (job.generation == null || job.generation.equals(kb.nextGeneration))) {
                      found.put(job, new Work(kb, doc.name, doc.sha256, doc.mediaType));
                    }
                  }
                  return found;
                });
    Map<String, IngestionJob> byDocument = new LinkedHashMap<>();
    List<SourceDocument> sources = new ArrayList<>();
    for (IngestionJob job : batch) {
      Work w = work.get(job);
      if (w == null) {
        setState(job, JobState.SUPERSEDED); // deleted (or being deleted) or superseded
        continue;
      }
      Path blob = blobs.path(w.sha256());
      if (!Files.exists(blob)) {
        Log.warnf("Document %s: its stored file %s is missing", job.documentId, blob);
        finish(
            job,
            IngestResult.failed(
                job.documentId,
                w.name(),
                "the stored file is missing; upload it again",
                false,
                null));
        continue;
      }
      byDocument.put(job.documentId, job);
      // The type detected at upload: parsing does not detect it again.
      sources.add(
          new SourceDocument(job.documentId, w.name(), blob, null).withMediaType(w.mediaType()));
    }
    if (sources.isEmpty()) {
      return;
    }
    KnowledgeBase kb = work.get(byDocument.values().iterator().next()).kb();
    Integer generation = batch.get(0).generation;
    if (generation == null && kb.nextGeneration != null) {
      sources = intoGenerationBeingBuilt(kb, sources, byDocument, work);
      if (sources.isEmpty()) {
        return;
      }
    }
    IngestionPipeline pipeline;
    try {
      pipeline = generation == null ? pipelines.pipeline(kb) : pipelines.pipeline(kb, generation);
    } catch (RetrieverException e) {
      // Locked by another process, unwritable, or a failed writer not reopened yet: it may pass.
      for (IngestionJob job : byDocument.values()) {
        finish(job, indexUnavailable(job, work.get(job).name(), e));
      }
      return;
    }
    Set<String> finished = new HashSet<>();
    try {
      pipeline.ingestAll(
          sources,
          result -> {
            IngestionJob job = byDocument.get(result.documentId());
            finished.add(job.documentId);
            recordStages(result.timings());
            long recording = System.nanoTime();
            finish(job, checked(job, result));
            stage("database").record(System.nanoTime() - recording, TimeUnit.NANOSECONDS);
          });
    } catch (RuntimeException e) {
      Log.warnf(e, "An ingestion batch of knowledge base %s failed", kb.id);
      for (IngestionJob job : byDocument.values()) {
        if (!finished.contains(job.documentId)) {
          finish(job, null);
        }
      }
    }
    if (generation != null) {
      generations.completeIfDone(kb.id);
    }
  }

  /**
   * Writes uploads made during a re-index into the generation being built as well, with the new
   * settings, before the live one: the switch then loses none of them. A document that fails there
   * is finished with that failure (retried if it may pass) and left out of the live write.
   *
   * @return the sources still to write into the live generation
   */
  private List<SourceDocument> intoGenerationBeingBuilt(
      KnowledgeBase kb,
      List<SourceDocument> sources,
      Map<String, IngestionJob> byDocument,
      Map<IngestionJob, Work> work) {
    Map<String, IngestResult> failed = new HashMap<>();
    try {
      pipelines
          .pipeline(kb, kb.nextGeneration)
          .ingestAll(
              sources,
              result -> {
                if (result.status() != IngestResult.Status.INGESTED
                    && result.status() != IngestResult.Status.UNCHANGED) {
                  failed.put(result.documentId(), result);
                }
              });
    } catch (RuntimeException e) {
      Log.warnf(e, "Writing uploads of knowledge base %s into its new generation failed", kb.id);
      for (IngestionJob job : byDocument.values()) {
        finish(
            job,
            e instanceof RetrieverException r
                ? indexUnavailable(job, work.get(job).name(), r)
                : null);
      }
      return List.of();
    }
    List<SourceDocument> left = new ArrayList<>();
    for (SourceDocument source : sources) {
      IngestResult failure = failed.get(source.documentId());
      if (failure == null) {
        left.add(source);
      } else {
        finish(byDocument.remove(source.documentId()), failure);
      }
    }
    return left;
  }

  /**
   * Where ingestion time goes, as the timer {@code quarry.ingest.stage} (tag {@code stage}: read,
   * parse, chunk, embed, index, database) on the metrics endpoint.
   */
  private void recordStages(StageTimings t) {
    if (t == null) {
      return;
    }
    stage("read").record(t.readNanos(), TimeUnit.NANOSECONDS);
    stage("parse").record(t.parseNanos(), TimeUnit.NANOSECONDS);
    stage("chunk").record(t.chunkNanos(), TimeUnit.NANOSECONDS);
    stage("embed").record(t.embedNanos(), TimeUnit.NANOSECONDS);
    stage("index").record(t.indexNanos(), TimeUnit.NANOSECONDS);
  }

  private Timer stage(String name) {
    return metrics.timer("quarry.ingest.stage", "stage", name);
  }

  /** A retryable failure becomes an index outage when the index itself cannot be used. */
  private IngestResult checked(IngestionJob job, IngestResult result) {
    if (result.status() == IngestResult.Status.FAILED && result.retryable()) {
      RetrieverException problem = probe(job.kbId);
      if (problem != null) {
        return indexUnavailable(job, result.origin(), problem);
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
    if (abandoned(job)) {
      // Its generation was dropped (a re-index restarted): no outage, and finish supersedes it.
      return IngestResult.failed(job.documentId, name, "its re-index was restarted", false, null);
    }
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

  /** Whether the job wrote a generation that is no longer being built (a re-index restarted). */
  private boolean abandoned(IngestionJob job) {
    if (job.generation == null) {
      return false;
    }
    Integer building = generations.building(job.kbId);
    return !job.generation.equals(building) && job.generation != pipelines.liveGeneration(job.kbId);
  }

  /** Records the outcome; {@code result} null means an unexpected error (retried). */
  private void finish(IngestionJob job, IngestResult result) {
    if (abandoned(job)) {
      setState(job, JobState.SUPERSEDED); // the document's state belongs to the newer re-index
      return;
    }
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
        generations.removeEverywhere(job.kbId, job.documentId);
      }
      return;
    }
    metrics.counter("quarry.ingest.documents", "outcome", recorded.outcome()).increment();
    if (succeeded && result.status() == IngestResult.Status.INGESTED) {
      metrics.counter("quarry.ingest.chunks").increment(result.chunks());
    }
    events.publish(DocumentEvent.of(recorded.doc()));
    if (job.generation != null) {
      generations.publishProgress(job.kbId, job.generation);
    }
  }

  /**
   * Waits until no job of the knowledge base is claimed or running, on this server or on another
   * running one. A job claimed after the knowledge base was marked DELETING reads that mark before
   * it touches the index, and stops.
   *
   * @return true when none runs, false when {@code timeout} passed first (or the wait was
   *     interrupted)
   */
  public boolean awaitIdle(String kbId, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (runningJobs.containsValue(kbId) || runningElsewhere(kbId)) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  /** Whether another running server is ingesting a document of the knowledge base. */
  private boolean runningElsewhere(String kbId) {
    Set<String> others = new HashSet<>(server.running());
    others.remove(server.id());
    return !others.isEmpty()
        && QuarkusTransaction.requiringNew()
                .call(
                    () ->
                        IngestionJob.count(
                            "kbId = ?1 and state = ?2 and claimedBy in ?3",
                            kbId,
                            JobState.RUNNING,
                            others))
            > 0;
  }

  private static void setState(IngestionJob job, JobState state) {
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                IngestionJob.update(
                    "state = ?1, updatedAt = ?2 where id = ?3", state, Instant.now(), job.id));
  }

  /** Queues claimed jobs again, for another attempt after a restart or by another worker. */
  private static void requeue(List<IngestionJob> jobs) {
    List<String> ids = jobs.stream().map(j -> j.id).toList();
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                IngestionJob.update(
                    "state = ?1, updatedAt = ?2 where id in ?3 and state = ?4",
                    JobState.QUEUED,
                    Instant.now(),
                    ids,
                    JobState.RUNNING));
  }

  /**
   * Stops claiming, gives the running batches {@link #SHUTDOWN_GRACE} to finish, then interrupts
   * them and queues their jobs again: nothing claimed is left RUNNING by a clean shutdown. Runs on
   * Quarkus' {@link ShutdownEvent}, while the catalogue is still open (a {@code PreDestroy} would
   * race Hibernate's own).
   */
  synchronized void stop(@Observes ShutdownEvent shutdown) {
    if (!started) {
      return;
    }
    started = false;
    batches.shutdown();
    try {
      if (!batches.awaitTermination(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        batches.shutdownNow(); // interrupted batches record their jobs as retried
        batches.awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      batches.shutdownNow();
    }
    Set<String> left = Set.copyOf(runningJobs.keySet());
    Set<String> leftDocuments = Set.copyOf(runningDocuments);
    if (!left.isEmpty()) {
      try {
        QuarkusTransaction.requiringNew()
            .run(
                () -> {
                  IngestionJob.update(
                      "state = ?1, updatedAt = ?2 where id in ?3 and state = ?4",
                      JobState.QUEUED,
                      Instant.now(),
                      left,
                      JobState.RUNNING);
                  if (!leftDocuments.isEmpty()) {
                    Document.update(
                        "status = ?1, updatedAt = ?2 where id in ?3 and status = ?4",
                        DocumentStatus.QUEUED,
                        Instant.now(),
                        leftDocuments,
                        DocumentStatus.PROCESSING);
                  }
                });
        Log.infof("Shutdown: %d running ingestion jobs queued again", left.size());
      } catch (RuntimeException e) {
        Log.warnf(
            e,
            "Shutdown: %d running jobs stay RUNNING; the next start re-queues them",
            left.size());
      }
    }
  }
}
