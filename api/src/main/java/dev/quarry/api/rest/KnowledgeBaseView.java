package dev.quarry.api.rest;

import dev.quarry.api.catalogue.KnowledgeBase;
import java.time.Instant;

/**
 * A knowledge base as the API shows it.
 *
 * @param pending documents waiting to be indexed or re-indexed (queued or running jobs); after a
 *     change of chunk settings it counts down to 0 as the re-index goes on
 */
public record KnowledgeBaseView(
    String id,
    String name,
    Instant createdAt,
    long documents,
    long chunks,
    int chunkTokens,
    int chunkOverlap,
    long pending) {

  static KnowledgeBaseView of(KnowledgeBase kb, long documents, long chunks, long pending) {
    return new KnowledgeBaseView(
        kb.id, kb.name, kb.createdAt, documents, chunks, kb.chunkTokens, kb.chunkOverlap, pending);
  }
}
