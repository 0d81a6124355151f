package dev.quarry.retriever.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quarry.retriever.cli.Cli;
import dev.quarry.retriever.embed.BundledModel;
import dev.quarry.retriever.embed.EmbedderSettings;
import dev.quarry.retriever.embed.OnnxBertEmbedder;
import dev.quarry.retriever.eval.EvalReport.ModeScores;
import dev.quarry.retriever.fusion.WeightedScoreFusion;
import dev.quarry.retriever.index.IndexSettings;
import dev.quarry.retriever.index.KnowledgeIndex;
import dev.quarry.retriever.index.TextAnalysis;
import dev.quarry.retriever.index.VectorFormat;
import dev.quarry.retriever.opensearch.OpenSearchIndexes;
import dev.quarry.retriever.opensearch.OpenSearchSettings;
import dev.quarry.retriever.search.RetrievalSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./quarry eval <dataset-dir>}: retrieval quality and speed on a BEIR dataset. */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = {
      "Builds a real index of a BEIR dataset in a temporary directory, runs BM25, dense and"
          + " hybrid retrieval for every query of the split, and prints nDCG@10, Recall@10,"
          + " Recall@100, MRR@10, indexing throughput and query latency.",
      "Example: ./quarry eval ../shared/datasets/scifact"
    })
public final class EvalCommand implements Callable<Integer> {

  @Parameters(index = "0", description = "Dataset directory (corpus.jsonl, queries.jsonl, qrels/)")
  Path dataset;

  @Option(names = "--split", defaultValue = "test", description = "Qrels split (default: test)")
  String split;

  @Option(names = "--json", description = "End with one line of JSON holding every figure")
  boolean json;

  @Option(
      names = "--vector-format",
      defaultValue = "FLOAT32",
      description = "HNSW vector storage: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
  VectorFormat vectorFormat;

  @Option(
      names = "--analyzer",
      defaultValue = TextAnalysis.DEFAULT,
      description = "BM25 analyser (default: ${DEFAULT-VALUE})")
  String analyzer;

  @Option(
      names = "--dense-weight",
      description = "Also score weighted fusion with these dense weights (comma-separated)",
      split = ",")
  float[] extraWeights = new float[0];

  @Option(
      names = "--normalization",
      defaultValue = "Z_SCORE",
      description =
          "Score normalisation for the extra --dense-weight runs: ${COMPLETION-CANDIDATES}")
  WeightedScoreFusion.Normalization normalization;

  @Option(
      names = "--model",
      defaultValue = "bge-small-en-v1.5-q",
      description =
          "Bundled embedding model: bge-small-en-v1.5-q or all-minilm-l6-v2-q (default:"
              + " ${DEFAULT-VALUE}); documents are split to its window")
  String modelName;

  @Option(
      names = "--index",
      description =
          "Keep the index in this directory; when it already holds the dataset, reuse it and"
              + " skip indexing (for comparing search settings)")
  Path keepIndex;

  /** Where the evaluated index lives. */
  enum Backend {
    EMBEDDED,
    OPENSEARCH
  }

  @Option(
      names = "--backend",
      defaultValue = "EMBEDDED",
      description =
          "Index engine: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}); opensearch needs"
              + " --opensearch-url, and keeps the index eval-<dataset> there only with --index")
  Backend backend;

  @Option(
      names = "--opensearch-url",
      description = "An OpenSearch node's HTTP address, e.g. http://127.0.0.1:9200")
  URI openSearchUrl;

  @Option(
      names = "--opensearch-shards",
      defaultValue = "1",
      description = "Primary shards of the index on OpenSearch (default: ${DEFAULT-VALUE})")
  int openSearchShards;

  @Option(
      names = "--opensearch-replicas",
      defaultValue = "0",
      description = "Replicas of each shard on OpenSearch (default: ${DEFAULT-VALUE})")
  int openSearchReplicas;

  @Option(
      names = "--expectations-out",
      paramLabel = "FILE",
      description =
          "Also write the run's BM25, dense and hybrid nDCG@10 and hybrid Recall@100 as a pinned"
              + " regression file (as retriever/src/test/resources/regression/scifact.properties)")
  Path expectationsOut;

  @Option(
      names = "--tolerance",
      defaultValue = "" + RegressionExpectations.DEFAULT_TOLERANCE,
      description = "Tolerance written with --expectations-out (default: ${DEFAULT-VALUE})")
  double tolerance;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    Cli.exec(new EvalCommand(), args);
  }

  @Override
  public Integer call() throws IOException {
    PrintStream out = System.out;
    BeirDataset data = BeirDataset.read(dataset, split);
    out.printf(
        "%s: %d documents, %d %s queries%n",
        data.name(), data.corpus().size(), data.queries().size(), split);
    out.printf("embedding model: %s%n", model().modelName());
    Map<String, RetrievalSettings> extra = new LinkedHashMap<>();
    extra.put("hybrid-rrf", RetrievalSettings.rrf());
    for (float w : extraWeights) {
      extra.put(
          "hybrid-" + normalization.name().toLowerCase() + "-w" + w,
          RetrievalSettings.defaults().withFusion(new WeightedScoreFusion(w, normalization)));
    }
    EvalReport report =
        backend == Backend.OPENSEARCH ? onOpenSearch(data, extra) : embedded(data, extra);
    printTable(out, report);
    if (json) {
      out.println(toJson(report));
    }
    if (expectationsOut != null) {
      Files.writeString(expectationsOut, RegressionExpectations.of(report, tolerance).format());
      out.printf("expectations written to %s%n", expectationsOut);
    }
    return 0;
  }

  private EvalReport embedded(BeirDataset data, Map<String, RetrievalSettings> extra)
      throws IOException {
    Path dir = keepIndex != null ? keepIndex : Files.createTempDirectory("quarry-eval-");
    try (OnnxBertEmbedder embedder = model().load(EmbedderSettings.defaults());
        KnowledgeIndex index =
            KnowledgeIndex.open(dir, new IndexSettings(analyzer, vectorFormat), embedder)) {
      return new RetrievalEvaluation(index, RetrievalSettings.defaults(), extra).run(data);
    } finally {
      if (keepIndex == null) {
        deleteRecursively(dir);
      }
    }
  }

  private BundledModel model() {
    return BundledModel.named(modelName)
        .orElseThrow(
            () ->
                new CommandLine.ParameterException(
                    spec.commandLine(),
                    "Unknown --model '"
                        + modelName
                        + "'; the bundled ones are "
                        + String.join(", ", BundledModel.names())));
  }

  /** The same run on an OpenSearch cluster, in the index {@code <prefix>eval-<dataset>}. */
  private EvalReport onOpenSearch(BeirDataset data, Map<String, RetrievalSettings> extra) {
    if (openSearchUrl == null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--backend opensearch needs --opensearch-url");
    }
    OpenSearchSettings os =
        OpenSearchSettings.local(openSearchUrl).withLayout(openSearchShards, openSearchReplicas);
    String kb =
        "eval-" + data.name().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_-]", "-");
    try (OnnxBertEmbedder embedder = model().load(EmbedderSettings.defaults());
        OpenSearchIndexes indexes =
            new OpenSearchIndexes(os, new IndexSettings(analyzer, vectorFormat), embedder)) {
      try {
        return new RetrievalEvaluation(
                indexes.openOrCreate(kb), RetrievalSettings.defaults(), extra)
            .run(data);
      } finally {
        if (keepIndex == null) {
          indexes.delete(kb);
        }
      }
    }
  }

  static void printTable(PrintStream out, EvalReport r) {
    out.println();
    out.printf("%-16s %8s %10s %11s %7s%n", "mode", "nDCG@10", "Recall@10", "Recall@100", "MRR@10");
    r.modes()
        .forEach(
            (mode, s) ->
                out.printf(
                    "%-16s %8.4f %10.4f %11.4f %7.4f%n",
                    mode, s.ndcg10(), s.recall10(), s.recall100(), s.mrr10()));
    EvalReport.Indexing ix = r.indexing();
    if (ix == null) {
      out.printf("%nindexing: reused the existing index%n");
    } else {
      out.printf(
          "%nindexing: %d chunks in %.1f s (%.1f docs/s); inside the embedding model %.1f s"
              + " (total/embed = %.3f), %.0f tokens/s%n",
          ix.chunks(),
          ix.seconds(),
          r.documents() / ix.seconds(),
          ix.embedSeconds(),
          ix.ratio(),
          ix.tokensPerSecond());
    }
    if (r.indexBytes() >= 0) {
      out.printf("index size on disk: %.1f MiB%n", r.indexBytes() / 1048576.0);
    } else {
      out.printf("index size on disk: on the cluster (GET _cat/indices)%n");
    }
    out.printf(
        "query latency (hybrid, k=10, query embedding included, after warm-up):"
            + " p50 %.2f ms, p99 %.2f ms, mean %.2f ms%n",
        r.latency().p50(), r.latency().p99(), r.latency().mean());
    EvalReport.Parts m = r.latency().medians();
    out.printf(
        "  medians by part: embed query %.2f ms, BM25 and kNN legs %.2f ms, fusion %.2f ms,"
            + " filters and passages %.2f ms%n",
        m.embed(), m.legs(), m.fuse(), m.rest());
    out.printf("settings: %s%n", r.settings());
  }

  static String toJson(EvalReport r) {
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = json.createObjectNode();
    root.put("dataset", r.dataset());
    root.put("queries", r.queries());
    ObjectNode modes = root.putObject("modes");
    for (Map.Entry<String, ModeScores> e : r.modes().entrySet()) {
      ObjectNode m = modes.putObject(e.getKey());
      m.put("ndcg@10", e.getValue().ndcg10());
      m.put("recall@10", e.getValue().recall10());
      m.put("recall@100", e.getValue().recall100());
      m.put("mrr@10", e.getValue().mrr10());
    }
    if (r.indexing() != null) {
      ObjectNode ix = root.putObject("indexing");
      ix.put("chunks", r.indexing().chunks());
      ix.put("seconds", r.indexing().seconds());
      ix.put("embed_seconds", r.indexing().embedSeconds());
      ix.put("tokens_per_second", r.indexing().tokensPerSecond());
    }
    ObjectNode latency = root.putObject("latency_ms");
    latency.put("p50", r.latency().p50());
    latency.put("p99", r.latency().p99());
    ObjectNode parts = latency.putObject("p50_by_part");
    parts.put("embed", r.latency().medians().embed());
    parts.put("legs", r.latency().medians().legs());
    parts.put("fuse", r.latency().medians().fuse());
    parts.put("rest", r.latency().medians().rest());
    root.put("index_bytes", r.indexBytes());
    root.put("settings", r.settings());
    try {
      return json.writeValueAsString(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
