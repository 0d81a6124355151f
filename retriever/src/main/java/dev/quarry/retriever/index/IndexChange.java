package dev.quarry.retriever.index;

/**
 * What one write to a {@link KnowledgeIndex} did, and where its time went.
 *
 * @param documents documents written or deleted
 * @param chunksAdded chunks now in the index for them
 * @param chunksRemoved chunks of older versions (or of deleted documents) that were removed
 * @param embedNanos time inside the embedding model
 * @param totalNanos time of the whole call, commit and reopen included
 */
public record IndexChange(
    int documents, int chunksAdded, int chunksRemoved, long embedNanos, long totalNanos) {}
