package dev.quarry.api.replicas;

/**
 * A second server with embedded indexes on a catalogue another server is using: its indexes would
 * live on another disk than the first one's, so the two would answer from different data. Start-up
 * stops; use {@code quarry.index.backend=opensearch} to run several servers.
 */
public class SharedCatalogueException extends IllegalStateException {

  public SharedCatalogueException(String other) {
    super(
        "Another Quarry server is using this catalogue ("
            + other
            + ") and quarry.index.backend=embedded keeps indexes on each server's own disk. Run"
            + " several servers with quarry.index.backend=opensearch (docs/deployment.md,"
            + " \"Scaling out\"), or stop the other one: its lease runs out quarry.replicas.lease"
            + " after its last heartbeat.");
  }
}
