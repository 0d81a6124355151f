package dev.quarry.retriever.index;

import dev.quarry.retriever.SharedEmbedder;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The index contract on embedded Lucene ({@link KnowledgeIndex}). */
class EmbeddedChunkIndexTest extends ChunkIndexContract {

  @TempDir Path dir;

  @Override
  protected ChunkIndex create(IndexSettings settings) {
    return KnowledgeIndex.open(dir, settings, SharedEmbedder.get());
  }

  @Override
  protected ChunkIndex reopen(IndexSettings settings) {
    return KnowledgeIndex.open(dir, settings, SharedEmbedder.get());
  }
}
