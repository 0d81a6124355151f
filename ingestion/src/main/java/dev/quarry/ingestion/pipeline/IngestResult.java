package dev.quarry.ingestion.pipeline;

import java.util.Objects;

/**
 * What became of one document.
 *
 * @param documentId the document's id
 * @param origin its file path or name
 * @param status the outcome
 * @param version the version now in the index (0 when there is none)
 * @param chunks chunks written (ingested), kept (unchanged) or removed (deleted); 0 when failed
 * @param reason why it failed, written for a person; empty otherwise
 * @param timings time spent on it by stage (embed and index are shared by a batch, split by chunks)
 */
public record IngestResult(
    String documentId,
    String origin,
    Status status,
    long version,
    int chunks,
    String reason,
    StageTimings timings) {

  /** The outcome of one document. */
  public enum Status {
    /** Parsed, chunked and indexed as a new version. */
    INGESTED,
    /** Same bytes as the indexed version: nothing was parsed or embedded. */
    UNCHANGED,
    /** All chunks removed from the index. */
    DELETED,
    /** Not indexed; the previous version, if any, is still there. */
    FAILED
  }

  public IngestResult {
    Objects.requireNonNull(documentId, "documentId");
    Objects.requireNonNull(status, "status");
    reason = Objects.requireNonNullElse(reason, "");
    timings = Objects.requireNonNullElse(timings, StageTimings.ZERO);
  }

  static IngestResult failed(String documentId, String origin, String reason, StageTimings t) {
    return new IngestResult(documentId, origin, Status.FAILED, 0, 0, reason, t);
  }
}
