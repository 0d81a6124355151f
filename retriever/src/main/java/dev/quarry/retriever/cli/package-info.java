/**
 * Command-line entry points of the retriever: {@code ./quarry search} over a local data directory.
 * ({@code ./quarry eval} lives with the evaluation harness.)
 */
package dev.quarry.retriever.cli;
