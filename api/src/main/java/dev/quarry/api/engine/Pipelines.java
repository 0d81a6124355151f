package dev.quarry.api.engine;

import dev.quarry.api.ApiException;
import dev.quarry.api.QuarryConfig;
import dev.quarry.api.catalogue.KnowledgeBase;
import dev.quarry.ingestion.chunk.ChunkingSettings;
import dev.quarry.ingestion.chunk.TokenAwareChunker;
import dev.quarry.ingestion.parse.OcrSettings;
import dev.quarry.ingestion.parse.ParseLimits;
import dev.quarry.ingestion.parse.Tesseract;
import dev.quarry.ingestion.parse.TikaDocumentParser;
import dev.quarry.ingestion.parse.TimeLimitedParser;
import dev.quarry.ingestion.pipeline.IngestionPipeline;
import dev.quarry.ingestion.pipeline.IngestionSettings;
import dev.quarry.retriever.index.ChunkIndex;
import dev.quarry.retriever.index.ChunkIndexes;
import dev.quarry.retriever.search.HybridRetriever;
import dev.quarry.retriever.search.RetrievalSettings;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The per-knowledge-base objects: its index (through the shared {@link ChunkIndexes}), its
 * ingestion pipeline (with the knowledge base's chunking settings) and its retriever.
 */
@ApplicationScoped
public class Pipelines {

  @Inject ChunkIndexes indexes;
  @Inject QuarryConfig config;

  /**
   * What was built on one open index with one chunking; rebuilt when the store hands out another
   * index or the knowledge base's chunking changed.
   */
  private record Entry(ChunkIndex index, ChunkingSettings chunking, IngestionPipeline pipeline) {}

  private final ConcurrentMap<String, Entry> pipelines = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, HybridRetriever> retrievers = new ConcurrentHashMap<>();

  /**
   * Knowledge bases whose index was dropped in this process. Ids are never reused, so a request
   * that passed its access check before the deletion cannot create an empty index again.
   */
  private final Set<String> dropped = ConcurrentHashMap.newKeySet();

  private final Object lifecycle = new Object();
  private RetrievalSettings retrieval;
  private OcrSettings ocr;
  private ParseLimits limits;

  /**
   * One parser for every pipeline: a pipeline rebuilt for new chunk settings is closed while jobs
   * may still be parsing with it, and closing a parser it owned would interrupt them (the document
   * would fail). Closed at shutdown.
   */
  private TimeLimitedParser parser;

  /** Reads the settings once, so a bad value stops the start instead of a search or an upload. */
  @PostConstruct
  void readSettings() {
    try {
      retrieval = RetrievalSettings.defaults().withCandidates(config.retrieval().candidates());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("quarry.retrieval.candidates: " + e.getMessage(), e);
    }
    QuarryConfig.Ocr o = config.ingestion().ocr();
    try {
      ocr = new OcrSettings(o.enabled(), o.languages(), o.pageTimeout(), o.maxImagePixels());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("quarry.ingestion.ocr: " + e.getMessage(), e);
    }
    try {
      limits = ParseLimits.defaults().withTimeout(config.ingestion().parseTimeout());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("quarry.ingestion.parse-timeout: " + e.getMessage(), e);
    }
    parser = new TimeLimitedParser(new TikaDocumentParser(limits, ocr), limits.timeout());
  }

  /** Whether images can be read: OCR is on and Tesseract is installed with its languages. */
  public boolean ocrRuns() {
    return Tesseract.onPath().canRun(ocr);
  }

  /** The OCR settings and whether Tesseract is there to apply them, for the start-up log. */
  public String describeOcr() {
    return Tesseract.onPath().describe(ocr);
  }

  /**
   * The knowledge base's index, opened (or created) on first use.
   *
   * @throws dev.quarry.retriever.RetrieverException if the index cannot be opened
   * @throws ApiException 404 if the knowledge base was deleted
   */
  public ChunkIndex index(String kbId) {
    synchronized (lifecycle) {
      if (dropped.contains(kbId)) {
        throw ApiException.notFound("No knowledge base '" + kbId + "' (it was deleted).");
      }
      return indexes.openOrCreate(kbId);
    }
  }

  /**
   * The knowledge base's pipeline, with the chunking {@code kb} carries: a job that read the
   * knowledge base after a chunking change never gets a pipeline built with the old one.
   */
  public IngestionPipeline pipeline(KnowledgeBase kb) {
    ChunkIndex index = index(kb.id);
    ChunkingSettings chunking = new ChunkingSettings(kb.chunkTokens, kb.chunkOverlap);
    return pipelines
        .compute(
            kb.id,
            (id, entry) -> {
              if (entry != null && entry.index() == index && entry.chunking().equals(chunking)) {
                return entry;
              }
              if (entry != null) {
                entry.pipeline().close(); // another index (closed and reopened) or chunking
              }
              return new Entry(
                  index,
                  chunking,
                  new IngestionPipeline(
                      index,
                      parser,
                      new TokenAwareChunker(index.embedder(), chunking),
                      IngestionSettings.defaults()
                          .withLimits(limits)
                          .withOcr(ocr)
                          .withParseThreads(1)
                          .withChunking(chunking)));
            })
        .pipeline();
  }

  public HybridRetriever retriever(String kbId) {
    HybridRetriever cached = retrievers.get(kbId);
    if (cached != null && cached.index().isOpen()) {
      return cached; // every search comes here: no lock unless the index must be (re)opened
    }
    ChunkIndex index = index(kbId);
    return retrievers.compute(
        kbId,
        (id, r) -> r != null && r.index() == index ? r : new HybridRetriever(index, retrieval));
  }

  /** Forgets a knowledge base's pipeline (its chunking changed, or it is being deleted). */
  public void forget(String kbId) {
    Entry e = pipelines.remove(kbId);
    if (e != null) {
      e.pipeline().close();
    }
  }

  /** Closes and deletes a knowledge base's index; {@link #index} refuses it from now on. */
  public void drop(String kbId) {
    synchronized (lifecycle) {
      dropped.add(kbId);
      forget(kbId);
      retrievers.remove(kbId);
      indexes.delete(kbId);
    }
  }

  @PreDestroy
  void close() {
    pipelines.values().forEach(e -> e.pipeline().close());
    if (parser != null) {
      parser.close();
    }
  }
}
