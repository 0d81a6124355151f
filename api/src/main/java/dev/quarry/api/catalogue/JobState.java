package dev.quarry.api.catalogue;

/** The life of an ingestion job. */
public enum JobState {
  /** Waiting until {@link IngestionJob#nextAttemptAt}. */
  QUEUED,
  /** A worker holds it; found so at start-up, it was cut short by a crash and is re-queued. */
  RUNNING,
  /** Finished: the version is indexed (or had the same bytes as the indexed one). */
  DONE,
  /** Gave up; the document says why. */
  FAILED,
  /** A newer upload of the same document came first; nothing to do. */
  SUPERSEDED
}
