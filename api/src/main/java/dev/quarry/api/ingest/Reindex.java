package dev.quarry.api.ingest;

import dev.quarry.api.catalogue.Document;
import dev.quarry.api.catalogue.IngestionJob;
import dev.quarry.api.catalogue.JobState;
import dev.quarry.api.catalogue.KnowledgeBase;
import java.time.Instant;

/**
 * Starts a re-index of a knowledge base after its chunk settings changed: a new index generation
 * ({@code next_generation}) and one re-index job per document for the version it has, which the
 * worker ingests from the stored blob into that generation only. Searches keep using the live
 * generation until {@link Generations#completeIfDone} switches to the new one, when no re-index job
 * is left.
 *
 * <p>The jobs are ordinary catalogue rows, so a restart resumes the re-index where it stopped. A
 * second change during a re-index starts a newer generation: the jobs for the abandoned one are
 * deleted here, and any that was already claimed is superseded when it finishes (its generation is
 * no longer the one being built).
 */
public final class Reindex {

  /**
   * @param queued how many documents were queued
   * @param generation the generation being built
   * @param abandoned the generation an earlier re-index was building, whose index the caller
   *     deletes after the commit; null when none
   */
  public record Started(int queued, int generation, Integer abandoned) {}

  private Reindex() {}

  /**
   * Starts building a new generation of {@code kb}'s index. Runs in the caller's transaction, which
   * holds the knowledge base's row and has already set its new settings.
   */
  public static Started start(KnowledgeBase kb, Instant now) {
    Integer abandoned = kb.nextGeneration;
    if (abandoned != null) {
      IngestionJob.delete(
          "kbId = ?1 and generation = ?2 and state = ?3", kb.id, abandoned, JobState.QUEUED);
    }
    int generation = Math.max(kb.generation, abandoned == null ? 0 : abandoned) + 1;
    kb.nextGeneration = generation;
    int queued = 0;
    for (Document doc : Document.<Document>list("kbId", kb.id)) {
      IngestionJob.queue(doc, generation, now);
      queued++;
    }
    return new Started(queued, generation, abandoned);
  }
}
