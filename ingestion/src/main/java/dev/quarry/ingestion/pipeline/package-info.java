/**
 * Steps 1–2 of the upload-to-answer flow, end to end: a {@link
 * dev.quarry.ingestion.pipeline.SourceDocument} is read, hashed, skipped when unchanged, parsed
 * under limits, chunked, and handed to the retriever's {@code ChunkIndex}, which embeds and swaps
 * the document's chunks atomically. Every file ends as one {@link
 * dev.quarry.ingestion.pipeline.IngestResult}: ingested, unchanged, deleted or failed with a
 * reason.
 */
package dev.quarry.ingestion.pipeline;
