package dev.quarry.api.engine;

import dev.quarry.api.catalogue.KnowledgeBase;
import dev.quarry.ingestion.chunk.ChunkingSettings;
import dev.quarry.ingestion.pipeline.IngestionPipeline;
import dev.quarry.ingestion.pipeline.IngestionSettings;
import dev.quarry.retriever.index.IndexStore;
import dev.quarry.retriever.index.KnowledgeIndex;
import dev.quarry.retriever.search.HybridRetriever;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The per-knowledge-base objects: its index (through the shared {@link IndexStore}), its ingestion
 * pipeline (with the knowledge base's chunking settings) and its retriever.
 */
@ApplicationScoped
public class Pipelines {

  @Inject IndexStore indexes;

  private final ConcurrentMap<String, IngestionPipeline> pipelines = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, HybridRetriever> retrievers = new ConcurrentHashMap<>();

  public KnowledgeIndex index(String kbId) {
    return indexes.openOrCreate(kbId);
  }

  public IngestionPipeline pipeline(KnowledgeBase kb) {
    return pipelines.computeIfAbsent(
        kb.id,
        id ->
            new IngestionPipeline(
                index(id),
                IngestionSettings.defaults()
                    .withParseThreads(1)
                    .withChunking(new ChunkingSettings(kb.chunkTokens, kb.chunkOverlap))));
  }

  public HybridRetriever retriever(String kbId) {
    return retrievers.computeIfAbsent(kbId, id -> new HybridRetriever(index(id)));
  }

  /** Forgets a knowledge base's pipeline (its chunking changed, or it is being deleted). */
  public void forget(String kbId) {
    IngestionPipeline p = pipelines.remove(kbId);
    if (p != null) {
      p.close();
    }
  }

  /** Closes and deletes a knowledge base's index. */
  public void drop(String kbId) {
    forget(kbId);
    retrievers.remove(kbId);
    indexes.delete(kbId);
  }

  @PreDestroy
  void close() {
    pipelines.values().forEach(IngestionPipeline::close);
  }
}
