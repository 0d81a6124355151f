package dev.quarry.retriever.index;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Copies a knowledge base's chunks from one {@link ChunkIndex} to another (embedded Lucene to
 * OpenSearch, or back), from what the source stores: no file is read or uploaded again. Each
 * document is written to the target with the version, text, headings, offsets, pages and metadata
 * it has in the source, embedded again by the target's model (the same model gives the same
 * vectors), a batch at a time with the target's atomic replace.
 *
 * <p>Restartable: a document the target already holds at the same version with the same number of
 * chunks is skipped, so a copy cut short by a failure goes on where it stopped when run again.
 * Documents the source no longer has are removed from the target, so the target ends with exactly
 * the source's documents.
 */
public final class ChunkIndexCopy {

  /** Hears of every document as it is copied or skipped. */
  @FunctionalInterface
  public interface Progress {
    void documentDone(String documentId, boolean copied);

    Progress NONE = (id, copied) -> {};
  }

  /** What a copy did. */
  public record Result(int documents, int copied, int skipped, int removed, int chunks) {}

  /** Documents per target write: one embedding pass and one commit each. */
  static final int BATCH = 32;

  private ChunkIndexCopy() {}

  /**
   * @throws dev.quarry.retriever.RetrieverException if either index fails; what was copied stays
   *     copied, and running the copy again goes on from there
   */
  public static Result copy(ChunkIndex source, ChunkIndex target, Progress progress) {
    List<String> ids = List.copyOf(source.documentIds());
    int copied = 0;
    int skipped = 0;
    int chunks = 0;
    List<DocumentChunks> batch = new ArrayList<>();
    for (String id : ids) {
      Optional<IndexedDocument> there = target.document(id);
      Optional<IndexedDocument> here = source.document(id);
      if (here.isEmpty()) {
        continue; // deleted from the source meanwhile
      }
      if (there.isPresent()
          && there.get().version() == here.get().version()
          && there.get().chunks() == here.get().chunks()) {
        skipped++;
        progress.documentDone(id, false);
        continue;
      }
      List<StoredChunk> stored = source.chunksOf(id);
      batch.add(
          new DocumentChunks(
              id, here.get().version(), stored.stream().map(StoredChunk::toChunk).toList()));
      chunks += stored.size();
      if (batch.size() == BATCH) {
        copied += write(target, batch, progress);
      }
    }
    copied += write(target, batch, progress);
    int removed = 0;
    for (String id : target.documentIds()) {
      if (!ids.contains(id)) {
        target.delete(id);
        removed++;
      }
    }
    return new Result(ids.size(), copied, skipped, removed, chunks);
  }

  private static int write(ChunkIndex target, List<DocumentChunks> batch, Progress progress) {
    if (batch.isEmpty()) {
      return 0;
    }
    target.replaceAll(batch);
    batch.forEach(d -> progress.documentDone(d.documentId(), true));
    int n = batch.size();
    batch.clear();
    return n;
  }
}
