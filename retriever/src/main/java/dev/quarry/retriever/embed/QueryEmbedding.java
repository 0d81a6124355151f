package dev.quarry.retriever.embed;

/**
 * The vector of one query.
 *
 * @param vector unit-length vector
 * @param tokens tokens the model saw, special tokens included
 * @param truncated true when the query was longer than the model's window and its tail was cut
 */
public record QueryEmbedding(float[] vector, int tokens, boolean truncated) {}
