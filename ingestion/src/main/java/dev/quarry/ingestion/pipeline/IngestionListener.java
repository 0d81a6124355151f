package dev.quarry.ingestion.pipeline;

/** Hears each document's outcome as a batch goes; called from one thread at a time. */
@FunctionalInterface
public interface IngestionListener {

  /** Called once per document, as soon as its outcome is final (indexed, skipped or failed). */
  void onResult(IngestResult result);

  IngestionListener NONE = result -> {};
}
