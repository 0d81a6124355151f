/**
 * What the bench module's commands share. The module holds every {@code ./quarry bench-*} command,
 * each in the {@code bench} package of the module it measures ({@code dev.quarry.retriever.bench},
 * {@code dev.quarry.ingestion.bench}, {@code dev.quarry.generator.bench}, {@code
 * dev.quarry.api.bench}); no product jar carries them. They measure; tests never assert timings.
 */
package dev.quarry.bench;
