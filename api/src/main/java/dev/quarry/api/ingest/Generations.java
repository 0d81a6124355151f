package dev.quarry.api.ingest;

import dev.quarry.api.catalogue.IngestionJob;
import dev.quarry.api.catalogue.JobState;
import dev.quarry.api.catalogue.KnowledgeBase;
import dev.quarry.api.engine.Pipelines;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import java.util.List;

/**
 * The index generations of a knowledge base during a re-index (see {@link Reindex}): the switch to
 * the new generation once it holds every document, and removals that must reach both generations.
 */
@ApplicationScoped
public class Generations {

  @Inject Pipelines pipelines;
  @Inject IngestionEvents events;

  /** What a completed switch did, for the event and the log. */
  public record Switched(String kbId, int from, int to, long documents) {}

  /**
   * Switches the knowledge base to the generation being built when no re-index job for it is queued
   * or running: one catalogue UPDATE under the knowledge base's row lock, then the index cache,
   * then the old generation's index is deleted. A crash between the commit and the deletion leaves
   * an old index that {@link Reconciler} deletes at the next start.
   *
   * @return the switch, or null when there is nothing to switch yet
   */
  public Switched completeIfDone(String kbId) {
    Switched switched =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  KnowledgeBase k = KnowledgeBase.findById(kbId, LockModeType.PESSIMISTIC_WRITE);
                  if (k == null || !k.isActive() || k.nextGeneration == null) {
                    return null;
                  }
                  long left =
                      IngestionJob.count(
                          "kbId = ?1 and generation = ?2 and state in ?3",
                          kbId,
                          k.nextGeneration,
                          List.of(JobState.QUEUED, JobState.RUNNING));
                  if (left > 0) {
                    return null;
                  }
                  long documents =
                      IngestionJob.count("kbId = ?1 and generation = ?2", kbId, k.nextGeneration);
                  Switched s = new Switched(kbId, k.generation, k.nextGeneration, documents);
                  k.generation = k.nextGeneration;
                  k.nextGeneration = null;
                  return s;
                });
    if (switched != null) {
      pipelines.swap(kbId, switched.from(), switched.to());
      events.publish(
          new ReindexEvent(
              kbId,
              ReindexEvent.COMPLETED,
              switched.to(),
              switched.documents(),
              switched.documents()));
      Log.infof(
          "Knowledge base %s: re-index complete; generation %d replaces %d",
          kbId, switched.to(), switched.from());
    }
    return switched;
  }

  /** Publishes how far the re-index building {@code generation} is. */
  public void publishProgress(String kbId, int generation) {
    long[] counts =
        QuarkusTransaction.requiringNew()
            .call(
                () ->
                    new long[] {
                      IngestionJob.count(
                          "kbId = ?1 and generation = ?2 and state not in ?3",
                          kbId,
                          generation,
                          List.of(JobState.QUEUED, JobState.RUNNING)),
                      IngestionJob.count("kbId = ?1 and generation = ?2", kbId, generation)
                    });
    events.publish(new ReindexEvent(kbId, ReindexEvent.PROGRESS, generation, counts[0], counts[1]));
  }

  /** The generation being built, or null when none. */
  public Integer building(String kbId) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                KnowledgeBase.<KnowledgeBase>findByIdOptional(kbId)
                    .map(k -> k.nextGeneration)
                    .orElse(null));
  }

  /** Removes a document's chunks from the live generation and from the one being built. */
  public void removeEverywhere(String kbId, String documentId) {
    pipelines.index(kbId).delete(documentId);
    Integer next = building(kbId);
    if (next != null) {
      pipelines.index(kbId, next).delete(documentId);
    }
  }
}
