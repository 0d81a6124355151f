package dev.quarry.api.rest;

import dev.quarry.api.catalogue.KnowledgeBase;
import java.time.Instant;

/**
 * A knowledge base as the API shows it.
 *
 * @param embeddingModel the knowledge base's embedding model (during a re-index: the model of the
 *     generation being built)
 * @param searchModel the model of the index searches use now: the live generation's, which is
 *     {@code embeddingModel} except while a re-index to another model runs
 * @param pending documents waiting to be indexed or re-indexed (queued or running jobs); after a
 *     change of chunk settings it counts down to 0 as the re-index goes on
 * @param reindex the re-index in progress, or null when none: searches use the old generation until
 *     it is null again
 */
public record KnowledgeBaseView(
    String id,
    String name,
    Instant createdAt,
    long documents,
    long chunks,
    int chunkTokens,
    int chunkOverlap,
    String embeddingModel,
    String searchModel,
    long pending,
    Reindexing reindex) {

  /**
   * A re-index in progress.
   *
   * @param generation the index generation being built
   * @param done documents written into it (or failed for good)
   * @param total documents to write into it
   */
  public record Reindexing(int generation, long done, long total) {}

  static KnowledgeBaseView of(
      KnowledgeBase kb,
      long documents,
      long chunks,
      String searchModel,
      long pending,
      Reindexing reindex) {
    return new KnowledgeBaseView(
        kb.id,
        kb.name,
        kb.createdAt,
        documents,
        chunks,
        kb.chunkTokens,
        kb.chunkOverlap,
        kb.embeddingModel,
        searchModel,
        pending,
        reindex);
  }
}
