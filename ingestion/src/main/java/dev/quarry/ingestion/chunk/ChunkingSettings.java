package dev.quarry.ingestion.chunk;

/**
 * How big chunks are, in tokens of the embedding model. Per knowledge base.
 *
 * @param targetTokens the size a chunk grows to before it is cut; a single sentence may make one
 *     longer, never past the model's window
 * @param overlapTokens how much of the end of a chunk the next chunk of the same section repeats
 *     (whole sentences, at most this many tokens), so an answer that straddles a cut is still found
 */
public record ChunkingSettings(int targetTokens, int overlapTokens) {

  /** Long enough for a complete answer with its context, short enough to stay on one topic. */
  public static final int DEFAULT_TARGET_TOKENS = 300;

  public static final int DEFAULT_OVERLAP_TOKENS = 50;

  /** Below this, chunks carry too little context to be retrieved on their own. */
  public static final int MIN_TARGET_TOKENS = 32;

  public ChunkingSettings {
    if (targetTokens < MIN_TARGET_TOKENS) {
      throw new IllegalArgumentException(
          "targetTokens must be >= " + MIN_TARGET_TOKENS + ", got " + targetTokens);
    }
    if (overlapTokens < 0 || overlapTokens > targetTokens / 2) {
      throw new IllegalArgumentException(
          "overlapTokens must be between 0 and targetTokens / 2, got " + overlapTokens);
    }
  }

  public static ChunkingSettings defaults() {
    return new ChunkingSettings(DEFAULT_TARGET_TOKENS, DEFAULT_OVERLAP_TOKENS);
  }
}
