package dev.quarry.api.catalogue;

/** Whether a knowledge base serves requests or is on its way out. */
public enum KnowledgeBaseState {
  /** Serves searches and takes uploads. */
  ACTIVE,
  /**
   * Being deleted: refuses uploads and reads (404) while its jobs, rows, index and blobs go. Found
   * so at start-up, the deletion was cut short and {@link dev.quarry.api.ingest.Reconciler}
   * finishes it.
   */
  DELETING
}
