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
import dev.quarry.retriever.IndexUnavailableException;
import dev.quarry.retriever.embed.EmbeddingModels;
import dev.quarry.retriever.index.ChunkIndex;
import dev.quarry.retriever.index.ChunkIndexes;
import dev.quarry.retriever.search.HybridRetriever;
import dev.quarry.retriever.search.RetrievalSettings;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * The per-knowledge-base objects: its index (through the shared {@link ChunkIndexes}), its
 * ingestion pipeline (with the knowledge base's chunking settings) and its retriever.
 */
@ApplicationScoped
public class Pipelines {

  @Inject ChunkIndexes indexes;
  @Inject QuarryConfig config;
  @Inject EmbeddingModels embeddingModels;

  /**
   * What was built on one open index with one chunking; rebuilt when the store hands out another
   * index or the knowledge base's chunking changed.
   */
  private record Entry(ChunkIndex index, ChunkingSettings chunking, IngestionPipeline pipeline) {}

  private final ConcurrentMap<String, Entry> pipelines = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, HybridRetriever> retrievers = new ConcurrentHashMap<>();

  /** The generation searches use, per knowledge base (see {@link #liveGeneration}). */
  private final ConcurrentMap<String, Integer> live = new ConcurrentHashMap<>();

  /**
   * The knowledge base's embedding model, per knowledge base, read from the catalogue when an index
   * may have to be created and forgotten with its pipelines (see {@link #forget}).
   */
  private final ConcurrentMap<String, String> models = new ConcurrentHashMap<>();

  /** Generations abandoned in this process (a re-index restarted): never created again. */
  private final Set<String> abandoned = ConcurrentHashMap.newKeySet();

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
   * The knowledge base's live index (the generation searches use), opened (or created) on first
   * use.
   *
   * @throws dev.quarry.retriever.RetrieverException if the index cannot be opened
   * @throws ApiException 404 if the knowledge base was deleted
   */
  public ChunkIndex index(String kbId) {
    return index(kbId, liveGeneration(kbId));
  }

  /**
   * One generation of the knowledge base's index, opened (or created with the knowledge base's
   * embedding model) on first use. An existing index embeds with the model its manifest names.
   *
   * @throws ApiException 404 if the knowledge base was deleted
   */
  public ChunkIndex index(String kbId, int generation) {
    return index(kbId, generation, modelOf(kbId));
  }

  private ChunkIndex index(String kbId, int generation, String modelIfNew) {
    synchronized (lifecycle) {
      if (dropped.contains(kbId)) {
        throw ApiException.notFound("No knowledge base '" + kbId + "' (it was deleted).");
      }
      String name = indexName(kbId, generation);
      if (abandoned.contains(name)) {
        // A job that read the knowledge base before a second change: never create it again.
        throw new IndexUnavailableException(
            "Index generation " + generation + " of " + kbId + " was abandoned", null);
      }
      return indexes.openOrCreate(name, modelIfNew);
    }
  }

  /** The knowledge base's embedding model as the catalogue has it (the default when deleted). */
  private String modelOf(String kbId) {
    return cached(models, kbId, k -> k.embeddingModel, embeddingModels.defaultName());
  }

  /** A field of the knowledge base, read from the catalogue once and kept in {@code cache}. */
  private static <T> T cached(
      ConcurrentMap<String, T> cache,
      String kbId,
      Function<KnowledgeBase, T> field,
      T whenDeleted) {
    return cache.computeIfAbsent(
        kbId,
        id ->
            QuarkusTransaction.requiringNew()
                .call(
                    () ->
                        KnowledgeBase.<KnowledgeBase>findByIdOptional(id)
                            .map(field)
                            .orElse(whenDeleted)));
  }

  /**
   * The name of a generation's index: the knowledge base's id for generation 0 (so indexes made
   * before generations existed keep working), {@code <id>-g<N>} after (never a 32-hex id).
   */
  public static String indexName(String kbId, int generation) {
    return generation == 0 ? kbId : kbId + "-g" + generation;
  }

  /** The generation searches use, read from the catalogue once and then kept by {@link #swap}. */
  public int liveGeneration(String kbId) {
    return cached(live, kbId, k -> k.generation, 0);
  }

  /**
   * Makes {@code generation} the one searches use, after the catalogue committed the switch, and
   * deletes the {@code old} generation's index. A search that picked the old index meets {@link
   * dev.quarry.retriever.IndexClosedException}, and asks again (QuestionAnswering); every later one
   * uses the new generation.
   */
  public void swap(String kbId, int old, int generation) {
    synchronized (lifecycle) {
      live.put(kbId, generation);
      retrievers.remove(kbId);
      forget(kbId);
      if (old != generation && !dropped.contains(kbId)) {
        indexes.delete(indexName(kbId, old));
      }
    }
  }

  /** Deletes the index of a generation no longer wanted (a re-index restarted or abandoned). */
  public void dropGeneration(String kbId, int generation) {
    synchronized (lifecycle) {
      forget(kbId);
      abandoned.add(indexName(kbId, generation));
      indexes.delete(indexName(kbId, generation));
    }
  }

  /**
   * The pipeline that writes the knowledge base's live generation, with the chunking {@code kb}
   * carries.
   */
  public IngestionPipeline pipeline(KnowledgeBase kb) {
    return pipeline(kb, liveGeneration(kb.id));
  }

  /**
   * The pipeline that writes one generation of the knowledge base's index, with the chunking {@code
   * kb} carries: a job that read the knowledge base after a chunking change never gets a pipeline
   * built with the old one.
   */
  public IngestionPipeline pipeline(KnowledgeBase kb, int generation) {
    ChunkIndex index = index(kb.id, generation, kb.embeddingModel);
    ChunkingSettings chunking = fitted(kb, index);
    return pipelines
        .compute(
            indexName(kb.id, generation),
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

  /**
   * The knowledge base's chunking, cut to the index's window: during a switch to a model with a
   * larger window, uploads still go into the live generation, whose model has the smaller one.
   */
  private static ChunkingSettings fitted(KnowledgeBase kb, ChunkIndex index) {
    int window = index.embedder().maxContentTokens();
    if (kb.chunkTokens <= window) {
      return new ChunkingSettings(kb.chunkTokens, kb.chunkOverlap);
    }
    return new ChunkingSettings(window, Math.min(kb.chunkOverlap, window / 2));
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

  /**
   * Forgets a knowledge base's pipelines, of every generation (its chunking changed, a generation
   * was swapped in or dropped, or it is being deleted).
   */
  public void forget(String kbId) {
    models.remove(kbId);
    for (String name : Set.copyOf(pipelines.keySet())) {
      if (name.equals(kbId) || name.startsWith(kbId + "-g")) {
        Entry e = pipelines.remove(name);
        if (e != null) {
          e.pipeline().close();
        }
      }
    }
  }

  /** Closes and deletes a knowledge base's index; {@link #index} refuses it from now on. */
  public void drop(String kbId) {
    synchronized (lifecycle) {
      dropped.add(kbId);
      forget(kbId);
      retrievers.remove(kbId);
      for (String name : indexes.list()) {
        if (name.equals(kbId) || name.startsWith(kbId + "-g")) {
          indexes.delete(name); // every generation, the one being built included
        }
      }
      live.remove(kbId);
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
