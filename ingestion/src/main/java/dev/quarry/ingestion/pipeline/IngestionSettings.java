package dev.quarry.ingestion.pipeline;

import dev.quarry.ingestion.chunk.ChunkingSettings;
import dev.quarry.ingestion.parse.OcrSettings;
import dev.quarry.ingestion.parse.ParseLimits;
import java.util.Objects;

/**
 * How a pipeline runs.
 *
 * @param limits what one file may cost to parse
 * @param ocr how images and PDF pages without a text layer are read
 * @param chunking chunk size and overlap
 * @param parseThreads files parsed and chunked at the same time
 * @param batchChunks chunks collected before they are embedded and committed together (bigger
 *     batches amortise the commit; every document in a batch becomes visible at once)
 */
public record IngestionSettings(
    ParseLimits limits,
    OcrSettings ocr,
    ChunkingSettings chunking,
    int parseThreads,
    int batchChunks) {

  public static final int DEFAULT_BATCH_CHUNKS = 512;

  public IngestionSettings {
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(ocr, "ocr");
    Objects.requireNonNull(chunking, "chunking");
    if (parseThreads < 1 || batchChunks < 1) {
      throw new IllegalArgumentException("parseThreads and batchChunks must be >= 1");
    }
  }

  /** Default limits, OCR and chunking, one parsing thread per core. */
  public static IngestionSettings defaults() {
    return new IngestionSettings(
        ParseLimits.defaults(),
        OcrSettings.defaults(),
        ChunkingSettings.defaults(),
        Runtime.getRuntime().availableProcessors(),
        DEFAULT_BATCH_CHUNKS);
  }

  public IngestionSettings withLimits(ParseLimits value) {
    return new IngestionSettings(value, ocr, chunking, parseThreads, batchChunks);
  }

  public IngestionSettings withOcr(OcrSettings value) {
    return new IngestionSettings(limits, value, chunking, parseThreads, batchChunks);
  }

  public IngestionSettings withChunking(ChunkingSettings value) {
    return new IngestionSettings(limits, ocr, value, parseThreads, batchChunks);
  }

  public IngestionSettings withParseThreads(int value) {
    return new IngestionSettings(limits, ocr, chunking, value, batchChunks);
  }
}
