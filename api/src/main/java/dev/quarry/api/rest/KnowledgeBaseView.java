package dev.quarry.api.rest;

import dev.quarry.api.catalogue.KnowledgeBase;
import java.time.Instant;

/** A knowledge base as the API shows it. */
public record KnowledgeBaseView(
    String id,
    String name,
    Instant createdAt,
    long documents,
    long chunks,
    int chunkTokens,
    int chunkOverlap) {

  static KnowledgeBaseView of(KnowledgeBase kb, long documents, long chunks) {
    return new KnowledgeBaseView(
        kb.id, kb.name, kb.createdAt, documents, chunks, kb.chunkTokens, kb.chunkOverlap);
  }
}
