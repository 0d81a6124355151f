package dev.quarry.ingestion.sync;

import java.util.Objects;

/**
 * A document the knowledge base already has, as far as a sync needs it.
 *
 * @param id the document id
 * @param name the document name (a path relative to the synced folder)
 * @param sha256 the hex SHA-256 of its latest version's bytes
 */
public record KnownDocument(String id, String name, String sha256) {
  public KnownDocument {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(sha256, "sha256");
  }
}
