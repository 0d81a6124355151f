package dev.quarry.api.ingest;

/**
 * Progress of a knowledge base's re-index: what the events stream sends as a {@code reindex} event.
 *
 * @param kb the knowledge base
 * @param state {@code started} (after a change of settings), {@code progress} (a document was
 *     written into the new generation), {@code completed} (the new generation replaced the old one)
 * @param generation the generation being built, or switched to
 * @param done documents written into it so far
 * @param total documents to write into it
 */
public record ReindexEvent(String kb, String state, int generation, long done, long total) {

  public static final String STARTED = "started";
  public static final String PROGRESS = "progress";
  public static final String COMPLETED = "completed";
}
