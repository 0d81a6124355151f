package dev.quarry.api.ingest;

import dev.quarry.api.catalogue.Document;
import dev.quarry.api.catalogue.DocumentStatus;

/** A document's status changed: what the events stream sends. */
public record DocumentEvent(
    String id,
    String kb,
    String name,
    DocumentStatus status,
    long version,
    int chunks,
    String error,
    boolean deleted) {

  public static DocumentEvent of(Document d) {
    return new DocumentEvent(
        d.id, d.kbId, d.name, d.status, d.version, d.chunkCount, d.error, false);
  }

  public static DocumentEvent deleted(Document d) {
    return new DocumentEvent(
        d.id, d.kbId, d.name, d.status, d.version, d.chunkCount, d.error, true);
  }
}
