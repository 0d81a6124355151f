package dev.quarry.ingestion.pipeline;

/**
 * Where ingestion time went, in nanoseconds, by stage.
 *
 * @param readNanos reading the bytes and hashing them
 * @param parseNanos Tika parsing (and text decoding)
 * @param chunkNanos cutting into chunks (tokenizing included)
 * @param embedNanos the embedding model
 * @param indexNanos writing, committing and reopening the Lucene index
 */
public record StageTimings(
    long readNanos, long parseNanos, long chunkNanos, long embedNanos, long indexNanos) {

  public static final StageTimings ZERO = new StageTimings(0, 0, 0, 0, 0);

  public StageTimings plus(StageTimings o) {
    return new StageTimings(
        readNanos + o.readNanos,
        parseNanos + o.parseNanos,
        chunkNanos + o.chunkNanos,
        embedNanos + o.embedNanos,
        indexNanos + o.indexNanos);
  }

  StageTimings withIndexing(long embed, long index) {
    return new StageTimings(readNanos, parseNanos, chunkNanos, embed, index);
  }
}
