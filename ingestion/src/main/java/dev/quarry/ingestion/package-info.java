/**
 * Step 1 of the upload-to-answer flow: a document's bytes become chunks the retriever can index.
 *
 * <p>{@link dev.quarry.ingestion.parse} turns bytes into structured text, {@link
 * dev.quarry.ingestion.chunk} cuts it into token-aware chunks, {@link
 * dev.quarry.ingestion.pipeline} runs both under limits and hands the chunks to the retriever's
 * {@code ChunkIndex}, and {@link dev.quarry.ingestion.cli} is {@code ./quarry ingest}.
 */
package dev.quarry.ingestion;
