package dev.quarry.ingestion.pipeline;

import java.util.List;

/**
 * The outcome of a batch.
 *
 * @param results one per document, in the order they finished
 * @param timings summed over all documents (parse and chunk run in parallel, so their sum can
 *     exceed the wall time)
 * @param wallNanos wall-clock time of the whole batch
 */
public record IngestionReport(List<IngestResult> results, StageTimings timings, long wallNanos) {

  public IngestionReport {
    results = List.copyOf(results);
  }

  public long count(IngestResult.Status status) {
    return results.stream().filter(r -> r.status() == status).count();
  }

  /** Chunks written by this batch. */
  public long chunksIngested() {
    return results.stream()
        .filter(r -> r.status() == IngestResult.Status.INGESTED)
        .mapToLong(IngestResult::chunks)
        .sum();
  }

  public List<IngestResult> failures() {
    return results.stream().filter(r -> r.status() == IngestResult.Status.FAILED).toList();
  }
}
