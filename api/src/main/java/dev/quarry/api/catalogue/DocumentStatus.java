package dev.quarry.api.catalogue;

/** Where a document's latest version stands. */
public enum DocumentStatus {
  /** Stored and waiting for a worker. */
  QUEUED,
  /** A worker is parsing, chunking and indexing it. */
  PROCESSING,
  /** Searchable. */
  READY,
  /** Could not be ingested; {@link Document#error} says why (an older version may still serve). */
  FAILED
}
