package dev.quarry.ingestion.cli;

import dev.quarry.ingestion.IngestionException;
import dev.quarry.ingestion.chunk.ChunkingSettings;
import dev.quarry.ingestion.parse.OcrSettings;
import dev.quarry.ingestion.parse.ParseLimits;
import dev.quarry.ingestion.parse.Tesseract;
import dev.quarry.ingestion.pipeline.IngestResult;
import dev.quarry.ingestion.pipeline.IngestionPipeline;
import dev.quarry.ingestion.pipeline.IngestionReport;
import dev.quarry.ingestion.pipeline.IngestionSettings;
import dev.quarry.ingestion.pipeline.SourceDocument;
import dev.quarry.retriever.RetrieverException;
import dev.quarry.retriever.cli.DataDirectory;
import dev.quarry.retriever.embed.OnnxBertEmbedder;
import dev.quarry.retriever.index.IndexSettings;
import dev.quarry.retriever.index.IndexStore;
import dev.quarry.retriever.index.KnowledgeIndex;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
      description = "Chunk size in tokens (default: ${DEFAULT-VALUE}).")
  int targetTokens = ChunkingSettings.DEFAULT_TARGET_TOKENS;

  @Option(
      names = "--overlap-tokens",
      description = "Overlap between chunks (default: ${DEFAULT-VALUE}).")
  int overlapTokens = ChunkingSettings.DEFAULT_OVERLAP_TOKENS;

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
    IngestionSettings settings = settings();
    out.printf(Locale.ROOT, "Ingesting %d files into %s%n", sources.size(), indexes.resolve(kb));
    out.println(Tesseract.onPath().describe(settings.ocr()));
    // The store opens an existing knowledge base with the settings it was built with.
    try (OnnxBertEmbedder embedder = OnnxBertEmbedder.bgeSmallEnV15();
        IndexStore store = new IndexStore(indexes, IndexSettings.defaults(), embedder);
        IngestionPipeline pipeline = new IngestionPipeline(store.openOrCreate(kb), settings)) {
      KnowledgeIndex index = store.open(kb);
      List<IngestResult> deleted = deletes.stream().map(pipeline::delete).toList();
      IngestionReport report;
      try (IngestProgress progress =
          new IngestProgress(out, System.console() != null, sources.size())) {
        report = pipeline.ingestAll(sources, progress);
      }
      return new SummaryPrinter(out).print(report, deleted, index.chunkCount());
    } catch (RetrieverException e) {
      spec.commandLine().getErr().println("quarry ingest: " + e.getMessage());
      return 1;
    }
  }

  private IngestionSettings settings() {
    try {
      ParseLimits limits =
          ParseLimits.defaults()
              .withMaxBytes(maxFileMb * 1024 * 1024)
              .withTimeout(Duration.ofSeconds(timeoutSeconds));
      OcrSettings ocr =
          OcrSettings.defaults().withEnabled(!noOcr).withLanguages(List.copyOf(ocrLanguages));
      return new IngestionSettings(
          limits,
          ocr,
          new ChunkingSettings(targetTokens, overlapTokens),
          threads,
          IngestionSettings.DEFAULT_BATCH_CHUNKS);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e, null, null);
    }
  }
}
