package dev.quarry.ingestion.pipeline;

import dev.quarry.ingestion.IngestionException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.lang3.concurrent.BasicThreadFactory;

/**
 * Runs {@link IngestionPipeline#prepare} for many documents on a named pool ({@code
 * quarry-ingest-<n>-<k>}) and commits the prepared ones in batches of about {@link
 * IngestionSettings#batchChunks()} chunks. At most a few documents per thread wait prepared in
 * memory at any time, however large the batch.
 */
final class BatchIngestion {

  private static final AtomicInteger POOL_IDS = new AtomicInteger();

  /** Prepared documents allowed to wait per parsing thread (bounds memory on huge batches). */
  private static final int IN_FLIGHT_PER_THREAD = 4;

  private final IngestionPipeline pipeline;
  private final IngestionSettings settings;
  private final IngestionListener listener;
  private final List<IngestResult> results = new ArrayList<>();
  private final List<PreparedDocument> pending = new ArrayList<>();
  private final Set<String> pendingIds = new HashSet<>();
  private StageTimings timings = StageTimings.ZERO;
  private int pendingChunks;

  BatchIngestion(
      IngestionPipeline pipeline, IngestionSettings settings, IngestionListener listener) {
    this.pipeline = pipeline;
    this.settings = settings;
    this.listener = listener;
  }

  IngestionReport run(List<SourceDocument> sources) {
    long started = System.nanoTime();
    int poolId = POOL_IDS.incrementAndGet();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            settings.parseThreads(),
            BasicThreadFactory.builder()
                .namingPattern("quarry-ingest-" + poolId + "-%d")
                .daemon(true)
                .build());
    try {
      CompletionService<PreparedDocument> done = new ExecutorCompletionService<>(pool);
      int window = settings.parseThreads() * IN_FLIGHT_PER_THREAD;
      int submitted = 0;
      for (; submitted < Math.min(window, sources.size()); submitted++) {
        SourceDocument s = sources.get(submitted);
        done.submit(() -> pipeline.prepare(s));
      }
      for (int finished = 0; finished < sources.size(); finished++) {
        PreparedDocument prepared = take(done);
        if (submitted < sources.size()) {
          SourceDocument s = sources.get(submitted++);
          done.submit(() -> pipeline.prepare(s));
        }
        accept(prepared);
      }
      flush();
    } finally {
      pool.shutdownNow();
    }
    return new IngestionReport(results, timings, System.nanoTime() - started);
  }

  private static PreparedDocument take(CompletionService<PreparedDocument> done) {
    try {
      return done.take().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IngestionException("", "ingestion was interrupted", e);
    } catch (ExecutionException e) {
      // prepare() turns every per-document failure into a result; this is a bug.
      throw new IngestionException("", "preparing a document failed: " + e.getCause(), e);
    }
  }

  private void accept(PreparedDocument prepared) {
    if (!prepared.ready()) {
      report(List.of(prepared.outcome()));
      return;
    }
    if (pendingIds.contains(prepared.source().documentId())) {
      flush(); // the same id twice: the later one must replace the earlier one, not race it
    }
    pending.add(prepared);
    pendingIds.add(prepared.source().documentId());
    pendingChunks += prepared.chunks().chunks().size();
    if (pendingChunks >= settings.batchChunks()) {
      flush();
    }
  }

  private void flush() {
    if (!pending.isEmpty()) {
      report(pipeline.commit(List.copyOf(pending)));
      pending.clear();
      pendingIds.clear();
      pendingChunks = 0;
    }
  }

  private void report(List<IngestResult> batch) {
    for (IngestResult r : batch) {
      results.add(r);
      timings = timings.plus(r.timings());
      listener.onResult(r);
    }
  }
}
