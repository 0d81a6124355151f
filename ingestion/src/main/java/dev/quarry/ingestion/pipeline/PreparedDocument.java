package dev.quarry.ingestion.pipeline;

import dev.quarry.retriever.index.DocumentChunks;
import java.util.Objects;

/**
 * A document after the steps that need no index write: either its chunks, ready to be embedded and
 * committed, or its final outcome (unchanged, or failed).
 *
 * @param source the document
 * @param chunks the new version's chunks, or {@code null} when {@code outcome} is final
 * @param outcome the final result, or {@code null} when the chunks still have to be committed
 * @param timings reading, parsing and chunking time
 */
public record PreparedDocument(
    SourceDocument source, DocumentChunks chunks, IngestResult outcome, StageTimings timings) {

  public PreparedDocument {
    Objects.requireNonNull(source, "source");
    if ((chunks == null) == (outcome == null)) {
      throw new IllegalArgumentException("exactly one of chunks and outcome must be given");
    }
  }

  /** Whether the chunks still have to be committed. */
  public boolean ready() {
    return chunks != null;
  }
}
