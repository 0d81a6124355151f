package dev.quarry.ingestion.cli;

import dev.quarry.ingestion.IngestionException;
import dev.quarry.ingestion.chunk.ChunkingSettings;
import dev.quarry.ingestion.parse.OcrSettings;
import dev.quarry.ingestion.parse.ParseLimits;
import dev.quarry.ingestion.parse.Tesseract;
import dev.quarry.ingestion.pipeline.ChunkedWith;
import dev.quarry.ingestion.pipeline.IngestResult;
import dev.quarry.ingestion.pipeline.IngestionPipeline;
import dev.quarry.ingestion.pipeline.IngestionReport;
import dev.quarry.ingestion.pipeline.IngestionSettings;
import dev.quarry.ingestion.pipeline.SourceDocument;
import dev.quarry.retriever.RetrieverException;
import dev.quarry.retriever.cli.DataDirectory;
import dev.quarry.retriever.embed.EmbedderSettings;
import dev.quarry.retriever.embed.EmbeddingModels;
import dev.quarry.retriever.index.IndexSettings;
import dev.quarry.retriever.index.IndexStore;
import dev.quarry.retriever.index.KnowledgeIndex;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./quarry ingest}: adds, updates or removes documents in a knowledge base on the local data
 * directory. Exit code 0 when every file was ingested, unchanged or deleted; 1 when any failed; 2
 * for a usage error.
 */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = {
      "Add, update or remove documents in a knowledge base.",
      "Files whose bytes are unchanged since the last run are skipped; changed files replace"
          + " their previous version atomically.",
      "To send files to a running server instead: ./quarry ingest --url http://localhost:8080"
          + " --kb NAME PATH... (options: ./quarry ingest --url=x --help)."
    })
public final class IngestCommand implements Callable<Integer> {

  @Parameters(arity = "0..*", paramLabel = "PATH", description = "Files or folders (recursive).")
  List<Path> paths = new ArrayList<>();

  @Option(
      names = "--kb",
      required = true,
      description = "Knowledge base name (letters, digits, - and _).")
  String kb;

  @Option(
      names = "--include",
      paramLabel = "GLOB",
      description = "Only files matching (repeatable), e.g. '*.pdf'.")
  List<String> includes = new ArrayList<>();

  @Option(
      names = "--exclude",
      paramLabel = "GLOB",
      description = "Skip files matching (repeatable).")
  List<String> excludes = new ArrayList<>();

  @Option(
      names = "--delete",
      paramLabel = "DOCUMENT_ID",
      description = "Remove this document (repeatable).")
  List<String> deletes = new ArrayList<>();

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "Data directory (default: $QUARRY_DATA_DIR, else ./data).")
  Path dataDir;

  @Option(
      names = "--target-tokens",
      description =
          "Chunk size in tokens (default: the knowledge base's current size, else "
              + ChunkingSettings.DEFAULT_TARGET_TOKENS
              + "). Another size than the current one re-indexes the whole knowledge base.")
  Integer targetTokens;

  @Option(
      names = "--overlap-tokens",
      description =
          "Overlap between chunks (default: the knowledge base's current overlap, else "
              + ChunkingSettings.DEFAULT_OVERLAP_TOKENS
              + "; at most half the chunk size).")
  Integer overlapTokens;

  @Option(
      names = "--model",
      paramLabel = "NAME",
      description =
          "Embedding model (default: the knowledge base's current model, else "
              + "bge-small-en-v1.5-q; also all-minilm-l6-v2-q). Another model than the current"
              + " one re-indexes the whole knowledge base.")
  String model;

  @Option(
      names = "--max-file-mb",
      description = "Largest file accepted, in MB (default: ${DEFAULT-VALUE}).")
  long maxFileMb = ParseLimits.DEFAULT_MAX_BYTES / (1024 * 1024);

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      description = "Longest parse of one file (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds = ParseLimits.DEFAULT_TIMEOUT.toSeconds();

  @Option(
      names = "--ocr-languages",
      paramLabel = "CODES",
      split = ",",
      description =
          "Tesseract languages for images and scanned pages (default: eng), e.g. eng,deu.")
  List<String> ocrLanguages = new ArrayList<>(OcrSettings.DEFAULT_LANGUAGES);

  @Option(names = "--no-ocr", description = "Do not OCR images and PDF pages without text.")
  boolean noOcr;

  @Option(names = "--threads", description = "Files parsed in parallel (default: number of cores).")
  int threads = Runtime.getRuntime().availableProcessors();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(new CommandLine(new IngestCommand()).execute(args));
  }

  @Override
  public Integer call() {
    try {
      IndexStore.requireValidName(kb);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    if (paths.isEmpty() && deletes.isEmpty()) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "Give at least one file or folder, or --delete DOCUMENT_ID.");
    }
    PrintStream out = System.out;
    List<SourceDocument> sources;
    try {
      sources = new FileCollector(includes, excludes).collect(paths);
    } catch (IngestionException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    Path indexes = DataDirectory.indexes(DataDirectory.resolve(dataDir));
    try (EmbeddingModels models = EmbeddingModels.bundled(EmbedderSettings.defaults());
        IndexStore store = new IndexStore(indexes, IndexSettings.defaults(), models);
        IndexStore staging = store.staging()) {
      KnowledgeIndex existing = store.exists(kb) ? store.open(kb) : null;
      LocalReindex known = existing == null ? null : LocalReindex.of(existing);
      ChunkedWith wanted = wanted(existing, known, models);
      IngestionSettings settings = settings(wanted.chunking());
      out.printf(
          Locale.ROOT,
          "Ingesting %d files into %s (%s)%n",
          sources.size(),
          indexes.resolve(kb),
          wanted);
      out.println(Tesseract.onPath().describe(settings.ocr()));
      if (existing != null && (known.needed(wanted) || !modelOf(existing).equals(wanted.model()))) {
        return reindex(store, staging, known, wanted, settings, sources, out);
      }
      discardUnfinishedReindex(staging, out);
      KnowledgeIndex index = store.openOrCreate(kb, wanted.model());
      try (IngestionPipeline pipeline = new IngestionPipeline(index, settings)) {
        List<IngestResult> deleted = deletes.stream().map(pipeline::delete).toList();
        IngestionReport report = ingest(pipeline, sources, out);
        return new SummaryPrinter(out).print(report, deleted, index.chunkCount());
      }
    } catch (RetrieverException e) {
      spec.commandLine().getErr().println("quarry ingest: " + e.getMessage());
      return 1;
    }
  }

  /**
   * A run with other chunk settings or another model than the knowledge base has: every document
   * goes into a new index, built beside the current one, which stays as it is until the new one
   * holds every document and then replaces it whole. A run that fails part-way (a file fails, the
   * process is stopped) leaves the knowledge base as it was and keeps the new index, so that the
   * same command goes on where it stopped.
   */
  private int reindex(
      IndexStore store,
      IndexStore staging,
      LocalReindex known,
      ChunkedWith wanted,
      IngestionSettings settings,
      List<SourceDocument> given,
      PrintStream out) {
    KnowledgeIndex live = store.open(kb);
    String was = known.current().map(ChunkedWith::toString).orElse(modelOf(live));
    LocalReindex.Plan plan = known.plan(given, deletes);
    out.printf(
        Locale.ROOT,
        "Re-indexing %s with %s (it has %s): %d documents go into a new index; the current one"
            + " stays as it is until the new one is complete.%n",
        kb,
        wanted,
        was,
        plan.sources().size());
    if (!plan.unreadable().isEmpty()) {
      for (LocalReindex.Unreadable u : plan.unreadable()) {
        out.printf(Locale.ROOT, "  CANNOT READ %s: %s%n", u.documentId(), u.reason());
      }
      out.printf(
          Locale.ROOT,
          "Nothing changed: %d documents cannot be read again. Give their files in this run, or"
              + " remove them with --delete ID.%n",
          plan.unreadable().size());
      return 1;
    }
    if (staging.exists(kb) && !modelOf(staging.open(kb)).equals(wanted.model())) {
      staging.delete(kb); // an unfinished re-index to another model: none of it can be reused
    }
    KnowledgeIndex next = staging.openOrCreate(kb, wanted.model());
    Set<String> wantedIds = plan.documentIds();
    for (String id : List.copyOf(next.documentIds())) {
      if (!wantedIds.contains(id)) {
        next.delete(id); // deleted since an unfinished run
      }
    }
    if (next.chunkCount() > 0) {
      out.printf(
          Locale.ROOT,
          "Going on with an unfinished re-index: %d documents are in the new index already.%n",
          next.documentIds().size());
    }
    List<IngestResult> deleted = delete(live, settings);
    IngestionReport report;
    try (IngestionPipeline pipeline = new IngestionPipeline(next, settings)) {
      report = ingest(pipeline, plan.sources(), out);
    }
    if (!report.failures().isEmpty()) {
      new SummaryPrinter(out).print(report, deleted, live.chunkCount());
      out.printf(
          Locale.ROOT,
          "The re-index is not complete: %s keeps its current index (%s). The new one is kept: run"
              + " the same command again to go on from where this run stopped, or leave the failed"
              + " files out with --delete ID.%n",
          kb,
          was);
      return 1;
    }
    store.promote(kb, staging);
    int code = new SummaryPrinter(out).print(report, deleted, store.open(kb).chunkCount());
    out.printf(
        Locale.ROOT, "Re-index complete: %s is now chunked and embedded with %s.%n", kb, wanted);
    return code;
  }

  private List<IngestResult> delete(KnowledgeIndex live, IngestionSettings settings) {
    if (deletes.isEmpty()) {
      return List.of();
    }
    try (IngestionPipeline pipeline = new IngestionPipeline(live, settings)) {
      return deletes.stream().map(pipeline::delete).toList();
    }
  }

  private IngestionReport ingest(
      IngestionPipeline pipeline, List<SourceDocument> sources, PrintStream out) {
    try (IngestProgress progress =
        new IngestProgress(out, System.console() != null, sources.size())) {
      return pipeline.ingestAll(sources, progress);
    }
  }

  /** A re-index begun with other settings than this run's is of no use any more. */
  private void discardUnfinishedReindex(IndexStore staging, PrintStream out) {
    if (staging.exists(kb)) {
      staging.delete(kb);
      out.printf(
          Locale.ROOT,
          "Discarded an unfinished re-index of %s: this run keeps the knowledge base's current"
              + " settings.%n",
          kb);
    }
  }

  /**
   * What this run chunks and embeds with: the options given, else the knowledge base's current
   * settings, else the defaults (for a new knowledge base, chunks no wider than the model's
   * window).
   */
  private ChunkedWith wanted(KnowledgeIndex existing, LocalReindex known, EmbeddingModels models) {
    ChunkedWith current = known == null ? null : known.current().orElse(null);
    String name =
        model != null ? model : existing != null ? modelOf(existing) : models.defaultName();
    if (!models.knows(name)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "Unknown embedding model '"
              + name
              + "'; the bundled ones are "
              + String.join(", ", models.names())
              + ".");
    }
    int window = models.info(name).orElseThrow().maxTokens() - 2;
    int target =
        targetTokens != null
            ? targetTokens
            : current != null
                ? current.chunking().targetTokens()
                : Math.min(ChunkingSettings.DEFAULT_TARGET_TOKENS, window);
    // Without --overlap-tokens, the current overlap, no more than half of a new, smaller size.
    int overlap =
        overlapTokens != null
            ? overlapTokens
            : Math.min(
                target / 2,
                current != null
                    ? current.chunking().overlapTokens()
                    : ChunkingSettings.DEFAULT_OVERLAP_TOKENS);
    if (target > window) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "Chunks of "
              + target
              + " tokens do not fit the window of "
              + name
              + " ("
              + window
              + " tokens); give --target-tokens "
              + window
              + " or less.");
    }
    try {
      return new ChunkedWith(new ChunkingSettings(target, overlap), name);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e, null, null);
    }
  }

  private static String modelOf(KnowledgeIndex index) {
    return index.embedder().info().name();
  }

  private IngestionSettings settings(ChunkingSettings chunking) {
    try {
      ParseLimits limits =
          ParseLimits.defaults()
              .withMaxBytes(maxFileMb * 1024 * 1024)
              .withTimeout(Duration.ofSeconds(timeoutSeconds));
      OcrSettings ocr =
          OcrSettings.defaults().withEnabled(!noOcr).withLanguages(List.copyOf(ocrLanguages));
      return new IngestionSettings(
          limits, ocr, chunking, threads, IngestionSettings.DEFAULT_BATCH_CHUNKS);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e, null, null);
    }
  }
}
