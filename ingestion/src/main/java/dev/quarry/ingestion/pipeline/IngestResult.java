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
 * @param retryable true when it failed for a reason outside the file (the index or the disk), so
 *     that another attempt may succeed; false for a file that will fail the same way every time
 * @param timings time spent on it by stage (embed and index are shared by a batch, split by chunks)
 */
public record IngestResult(
    String documentId,
    String origin,
    Status status,
    long version,
    int chunks,
    String reason,
    boolean retryable,
    StageTimings timings) {

  /** The outcome of one document. */
  public enum Status {
    /** Parsed, chunked and indexed as a new version. */
    INGESTED,
    /**
     * Same bytes, chunk settings and embedding model as the indexed version: nothing was parsed or
     * embedded.
     */
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

  /** A document that was indexed, kept, or deleted (anything but {@link Status#FAILED}). */
  public static IngestResult done(
      String documentId, String origin, Status status, long version, int chunks, StageTimings t) {
    if (status == Status.FAILED) {
      throw new IllegalArgumentException("a failure needs a reason: use failed(...)");
    }
    return new IngestResult(documentId, origin, status, version, chunks, "", false, t);
  }

  /** A document that failed; see {@link #retryable()}. */
  public static IngestResult failed(
      String documentId, String origin, String reason, boolean retryable, StageTimings t) {
    return new IngestResult(documentId, origin, Status.FAILED, 0, 0, reason, retryable, t);
  }
}
