package dev.quarry.ingestion.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.OperatingSystemMXBean;
import dev.quarry.bench.Usage;
import dev.quarry.ingestion.Fixtures;
import dev.quarry.ingestion.pipeline.IngestionListener;
import dev.quarry.ingestion.pipeline.IngestionPipeline;
import dev.quarry.ingestion.pipeline.IngestionReport;
import dev.quarry.ingestion.pipeline.IngestionSettings;
import dev.quarry.ingestion.pipeline.SourceDocument;
import dev.quarry.ingestion.pipeline.StageTimings;
import dev.quarry.retriever.embed.OnnxBertEmbedder;
import dev.quarry.retriever.index.IndexSettings;
import dev.quarry.retriever.index.KnowledgeIndex;
import dev.quarry.retriever.index.StoredChunk;
import java.io.BufferedReader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Ingestion throughput through the real path (files on disk → Tika → chunker → embedding → Lucene)
 * for docs/benchmarks.md. Not a test: it measures, and asserts nothing.
 *
 * <p>Usage: {@code IngestionBenchmark <scifact-dir> [max-scifact-docs] [mixed-files]}. SciFact
 * abstracts are written as Markdown files ({@code # title}, then the abstract); the mixed folder
 * holds generated PDF (3 pages), DOCX (headings) and HTML (with navigation) files, one third each,
 * whose prose is taken from SciFact abstracts.
 */
public final class IngestionBenchmark {

  private IngestionBenchmark() {}

  public static void main(String[] args) throws IOException {
    if (Usage.printed(
        args, 0, "./quarry bench-ingest [scifact-dir] [max-scifact-docs] [mixed-files=90]")) {
      return;
    }
    Path scifact = Path.of(args.length > 0 ? args[0] : "../shared/datasets/scifact");
    int maxDocs = args.length > 1 ? Integer.parseInt(args[1]) : Integer.MAX_VALUE;
    int mixedFiles = args.length > 2 ? Integer.parseInt(args[2]) : 90;
    List<String[]> corpus = readCorpus(scifact.resolve("corpus.jsonl"), maxDocs);
    Path work = Files.createTempDirectory("quarry-ingest-bench");
    try (OnnxBertEmbedder model = OnnxBertEmbedder.bgeSmallEnV15()) {
      run("SciFact abstracts (.md)", scifactFolder(work.resolve("scifact"), corpus), work, model);
      if (mixedFiles > 0) {
        run(
            "Mixed PDF/DOCX/HTML",
            mixedFolder(work.resolve("mixed"), corpus, mixedFiles),
            work,
            model);
      }
    } finally {
      delete(work);
    }
  }

  private static void run(
      String name, List<SourceDocument> sources, Path work, OnnxBertEmbedder model) {
    Path indexDir = work.resolve("index-" + name.hashCode());
    try (KnowledgeIndex index = KnowledgeIndex.open(indexDir, IndexSettings.defaults(), model);
        IngestionPipeline pipeline = new IngestionPipeline(index, IngestionSettings.defaults())) {
      long cpuBefore = processCpuNanos();
      ThreadCpu threadsBefore = ThreadCpu.now();
      IngestionReport report = pipeline.ingestAll(sources, IngestionListener.NONE);
      double cpuSeconds = (processCpuNanos() - cpuBefore) / 1e9;
      double seconds = report.wallNanos() / 1e9;
      StageTimings t = report.timings();
      double total =
          t.readNanos() + t.parseNanos() + t.chunkNanos() + t.embedNanos() + t.indexNanos();
      System.out.printf(
          Locale.ROOT,
          "%s: %d files, %d ingested, %d failed, %d chunks in %.1f s: %.1f documents/s, %.1f chunks/s%n",
          name,
          sources.size(),
          report.count(dev.quarry.ingestion.pipeline.IngestResult.Status.INGESTED),
          report.failures().size(),
          report.chunksIngested(),
          seconds,
          sources.size() / seconds,
          report.chunksIngested() / seconds);
      System.out.printf(
          Locale.ROOT,
          "  time split (summed over threads): read %.1f%%, parse %.1f%%, chunk %.1f%%, embed %.1f%%,"
              + " index %.1f%% (parse %.1f s, chunk %.1f s, embed %.1f s, index %.1f s)%n",
          100 * t.readNanos() / total,
          100 * t.parseNanos() / total,
          100 * t.chunkNanos() / total,
          100 * t.embedNanos() / total,
          100 * t.indexNanos() / total,
          t.parseNanos() / 1e9,
          t.chunkNanos() / 1e9,
          t.embedNanos() / 1e9,
          t.indexNanos() / 1e9);
      report
          .failures()
          .forEach(f -> System.out.println("  FAILED " + f.origin() + ": " + f.reason()));
      ThreadCpu threadsAfter = ThreadCpu.now();
      long cpuAloneBefore = processCpuNanos();
      double alone = embeddingAlone(index, model);
      double cpuAlone = (processCpuNanos() - cpuAloneBefore) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "  the same chunks embedded alone: %.1f s; ingestion ÷ embedding alone = %.2f×%n"
              + "  CPU time: ingestion %.1f s (%.2f cores busy), embedding alone %.1f s (%.2f cores"
              + " busy)%n"
              + "  ingestion's CPU by thread: %s%n",
          alone,
          seconds / alone,
          cpuSeconds,
          cpuSeconds / seconds,
          cpuAlone,
          cpuAlone / alone,
          threadsAfter.since(threadsBefore));
    }
  }

  /**
   * Seconds the model takes to embed the index's chunks (their contextual text, as the index embeds
   * them) with nothing else running, in the pipeline's batch size: the bound ingestion is measured
   * against.
   */
  private static double embeddingAlone(KnowledgeIndex index, OnnxBertEmbedder model) {
    List<String> texts = new ArrayList<>();
    for (String id : index.documentIds()) {
      for (StoredChunk c : index.chunksOf(id)) {
        texts.add(c.toChunk().contextualText());
      }
    }
    long started = System.nanoTime();
    for (int from = 0; from < texts.size(); from += IngestionSettings.DEFAULT_BATCH_CHUNKS) {
      model.embedPassages(
          texts.subList(
              from, Math.min(texts.size(), from + IngestionSettings.DEFAULT_BATCH_CHUNKS)));
    }
    return (System.nanoTime() - started) / 1e9;
  }

  /** CPU time of this process, all threads (ONNX Runtime's native ones too). */
  private static long processCpuNanos() {
    return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static List<String[]> readCorpus(Path file, int max) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<String[]> docs = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String line = in.readLine(); line != null && docs.size() < max; line = in.readLine()) {
        JsonNode node = json.readTree(line);
        docs.add(
            new String[] {
              node.get("_id").asText(), node.get("title").asText(), node.get("text").asText()
            });
      }
    }
    return docs;
  }

  private static List<SourceDocument> scifactFolder(Path dir, List<String[]> corpus)
      throws IOException {
    Files.createDirectories(dir);
    List<SourceDocument> sources = new ArrayList<>();
    for (String[] doc : corpus) {
      Path file = dir.resolve(doc[0] + ".md");
      Files.writeString(file, "# " + doc[1] + "\n\n" + doc[2] + "\n");
      sources.add(SourceDocument.ofFile(doc[0], file));
    }
    return sources;
  }

  private static List<SourceDocument> mixedFolder(Path dir, List<String[]> corpus, int files)
      throws IOException {
    Files.createDirectories(dir);
    List<SourceDocument> sources = new ArrayList<>();
    for (int i = 0; i < files; i++) {
      String[][] parts = new String[3][];
      for (int k = 0; k < 3; k++) {
        parts[k] = corpus.get((3 * i + k) % corpus.size());
      }
      String name;
      byte[] bytes;
      switch (i % 3) {
        case 0 -> {
          name = "doc" + i + ".pdf";
          List<List<String>> pages = new ArrayList<>();
          for (String[] p : parts) {
            pages.add(wrap(p[2], 95, 40));
          }
          bytes = Fixtures.pdf(parts[0][1], pages);
        }
        case 1 -> {
          name = "doc" + i + ".docx";
          List<Object[]> paragraphs = new ArrayList<>();
          for (String[] p : parts) {
            paragraphs.add(new Object[] {1, p[1]});
            paragraphs.add(new Object[] {0, p[2]});
          }
          bytes = Fixtures.docx(parts[0][1], paragraphs);
        }
        default -> {
          name = "doc" + i + ".html";
          StringBuilder html = new StringBuilder("<html><head><title>" + parts[0][1] + "</title>");
          html.append("<script>var x = 1;</script></head><body><nav><a href='/'>Home</a></nav>");
          for (String[] p : parts) {
            html.append("<h2>").append(p[1]).append("</h2><p>").append(p[2]).append("</p>");
          }
          bytes = html.append("</body></html>").toString().getBytes(StandardCharsets.UTF_8);
        }
      }
      Path file = Files.write(dir.resolve(name), bytes);
      sources.add(SourceDocument.ofFile(name, file));
    }
    return sources;
  }

  /** Lines of at most {@code width} characters (PDF text does not wrap by itself). */
  private static List<String> wrap(String text, int width, int maxLines) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.split("\\s+")) {
      if (line.length() + word.length() + 1 > width) {
        lines.add(line.toString());
        line.setLength(0);
      }
      String ascii = word.replaceAll("[^\\x20-\\x7E]", "?"); // the standard 14 fonts are WinAnsi
      line.append(line.isEmpty() ? "" : " ").append(ascii);
    }
    if (!line.isEmpty()) {
      lines.add(line.toString());
    }
    return lines.subList(0, Math.min(maxLines, lines.size()));
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
