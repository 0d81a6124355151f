/**
 * {@code ./quarry ingest}: the command-line way into step 1 of the upload-to-answer flow. It
 * collects files, runs them through the {@link dev.quarry.ingestion.pipeline.IngestionPipeline}
 * into the knowledge base's index in the local data directory, shows progress and reports every
 * file's outcome.
 */
package dev.quarry.ingestion.cli;
