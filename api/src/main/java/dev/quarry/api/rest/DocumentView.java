package dev.quarry.api.rest;

import dev.quarry.api.catalogue.Document;
import dev.quarry.api.catalogue.DocumentStatus;
import java.time.Instant;

/** A document as the API shows it. */
public record DocumentView(
    String id,
    String name,
    String mediaType,
    long size,
    String sha256,
    long version,
    DocumentStatus status,
    String error,
    int chunks,
    Instant createdAt,
    Instant updatedAt) {

  static DocumentView of(Document d) {
    return new DocumentView(
        d.id,
        d.name,
        d.mediaType,
        d.sizeBytes,
        d.sha256,
        d.version,
        d.status,
        d.error,
        d.chunkCount,
        d.createdAt,
        d.updatedAt);
  }
}
