package dev.quarry.ingestion.chunk;

/**
 * A piece of a block that is never cut further: a sentence, or part of an overlong sentence.
 *
 * @param start offset of its first character in the document text
 * @param end offset one past its last character
 * @param tokens its length in tokens of the embedding model
 * @param block index of the block it comes from
 * @param firstInBlock whether it starts its block (a paragraph boundary lies before it)
 */
record Span(int start, int end, int tokens, int block, boolean firstInBlock) {}
