package dev.quarry.api.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.api.engine.CachingSentenceEmbedder;
import dev.quarry.generator.Source;
import dev.quarry.generator.grounding.Evidence;
import dev.quarry.generator.grounding.EvidenceScorer;
import dev.quarry.generator.grounding.EvidenceSentence;
import dev.quarry.generator.grounding.ExtractiveComposer;
import dev.quarry.generator.grounding.SupportScore;
import dev.quarry.ingestion.pipeline.IngestionPipeline;
import dev.quarry.ingestion.pipeline.IngestionSettings;
import dev.quarry.ingestion.pipeline.SourceDocument;
import dev.quarry.retriever.embed.OnnxBertEmbedder;
import dev.quarry.retriever.eval.BeirDataset;
import dev.quarry.retriever.index.IndexSettings;
import dev.quarry.retriever.index.KnowledgeIndex;
import dev.quarry.retriever.search.HybridRetriever;
import dev.quarry.retriever.search.Passage;
import dev.quarry.retriever.search.SearchRequest;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./quarry bench-answers}: calibrates and measures the answer side in process, on the same
 * components the server uses (hybrid retrieval, the evidence scorer, the extractive composer).
 *
 * <ol>
 *   <li>Answerability. The evidence strength of four sets: SciFact test claims with their gold
 *       abstracts searchable (answerable); the same claims with the gold abstracts taken out of the
 *       results (hard negatives); the off-topic questions asked of SciFact; the same questions
 *       asked of a knowledge base made from Quarry's docs/. Prints the decline rate of each set
 *       over a range of thresholds.
 *   <li>Extractive citations. For answerable claims, the sentences the composer quotes against
 *       SciFact's gold rationale sentences: sentence precision, recall, and the share of claims
 *       citing at least one gold sentence (the metric of {@code bench-citations}, which measures
 *       the same through a server).
 * </ol>
 *
 * The SciFact index is one {@code ./quarry eval --index DIR} made (abstracts as documents).
 */
@Command(
    name = "bench-answers",
    mixinStandardHelpOptions = true,
    description = "Answerability calibration and extractive citation quality, in process.")
public final class AnswerQualityBench implements Callable<Integer> {

  @Option(names = "--dataset", description = "SciFact folder (with --index).")
  Path dataset;

  @Option(
      names = "--index",
      description =
          "SciFact index made by ./quarry eval <dataset> --index DIR; without it only the docs"
              + " knowledge base is measured.")
  Path index;

  @Option(
      names = "--questions",
      defaultValue = "api/src/test/resources/answerability/off-topic-questions.txt",
      description = "Off-topic questions, one a line.")
  Path questions;

  @Option(
      names = "--docs",
      defaultValue = "docs",
      description = "Folder of the docs knowledge base.")
  Path docs;

  @Option(names = "-k", defaultValue = "5", description = "Passages per question.")
  int k;

  @Option(
      names = "--max-sentences",
      defaultValue = "3",
      split = ",",
      description = "Extractive sentences; several (comma-separated) compare settings.")
  List<Integer> maxSentences;

  @Option(
      names = "--margin",
      defaultValue = "0.02",
      split = ",",
      description = "Extractive picks rank at most this far below the best; several compare.")
  List<Double> margin;

  @Option(
      names = "--overlap-weight",
      defaultValue = "0.05",
      split = ",",
      description = "Weight of the question's words in the extractive ranking; several compare.")
  List<Double> overlapWeight;

  @Option(names = "--skip-docs", description = "Leave out the docs knowledge base.")
  boolean skipDocs;

  @Option(
      names = "--min-evidence",
      defaultValue = "0.65",
      description = "Threshold for the citation figures: a claim below it counts as declined.")
  double minEvidence;

  @Option(names = "--tsv", description = "Also write each question's evidence to this file.")
  Path tsv;

  private final ObjectMapper json = new ObjectMapper();

  /** One question's evidence. */
  record Row(String set, String question, double strength, double similarity, double relevance) {}

  public static void main(String[] args) {
    System.exit(new CommandLine(new AnswerQualityBench()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    long started = System.nanoTime();
    List<String> offTopic = readQuestions(questions);
    List<Row> rows = new ArrayList<>();
    try (OnnxBertEmbedder embedder = OnnxBertEmbedder.bgeSmallEnV15()) {
      CachingSentenceEmbedder sentences = new CachingSentenceEmbedder(embedder);
      EvidenceScorer scorer = new EvidenceScorer(sentences, SupportScore.DEFAULT);
      Map<String, Citations> byComposer = new java.util.LinkedHashMap<>();
      Map<String, ExtractiveComposer> composers = new java.util.LinkedHashMap<>();
      for (int n : maxSentences) {
        for (double m : margin) {
          for (double w : overlapWeight) {
            String name =
                String.format(
                    Locale.ROOT, "at most %d sentences, margin %.3f, overlap weight %.2f", n, m, w);
            composers.put(name, new ExtractiveComposer(n, m, w));
          }
        }
      }
      if (index != null) {
        Map<String, List<String>> corpusSentences = readSentences();
        Map<String, Set<String>> gold = evidenceOf();
        composers.keySet().forEach(c -> byComposer.put(c, new Citations(corpusSentences, gold)));
        scifact(rows, offTopic, embedder, scorer, composers, byComposer);
      }
      if (!skipDocs) {
        docs(rows, offTopic, embedder, scorer);
      }
      printThresholds(out, rows);
      byComposer.forEach((name, c) -> c.print(out, name));
    }
    if (tsv != null) {
      writeTsv(rows);
    }
    out.printf(Locale.ROOT, "%n%.0f s%n", (System.nanoTime() - started) / 1e9);
    return 0;
  }

  private void scifact(
      List<Row> rows,
      List<String> offTopic,
      OnnxBertEmbedder embedder,
      EvidenceScorer scorer,
      Map<String, ExtractiveComposer> composers,
      Map<String, Citations> byComposer) {
    BeirDataset data = BeirDataset.read(dataset, "test");
    try (KnowledgeIndex scifact =
        KnowledgeIndex.open(
            index,
            KnowledgeIndex.recordedSettings(index)
                .orElseThrow(() -> new IllegalArgumentException(index + " holds no Quarry index")),
            embedder)) {
      HybridRetriever retriever = new HybridRetriever(scifact);
      for (Map.Entry<String, String> q : data.queries().entrySet()) {
        Set<String> gold = data.qrels().getOrDefault(q.getKey(), Map.of()).keySet();
        List<Passage> found = retriever.search(SearchRequest.of(q.getValue(), k + 20)).passages();
        List<Passage> with = found.stream().limit(k).toList();
        List<Passage> without =
            found.stream().filter(p -> !gold.contains(p.documentId())).limit(k).toList();
        Evidence answerable = scorer.score(q.getValue(), sources(with));
        rows.add(row("answerable", q.getValue(), answerable));
        rows.add(row("hard-negative", q.getValue(), scorer.score(q.getValue(), sources(without))));
        for (Map.Entry<String, ExtractiveComposer> c : composers.entrySet()) {
          Citations citations = byComposer.get(c.getKey());
          if (citations.has(q.getKey())) {
            citations.add(
                q.getKey(),
                with,
                answerable.strength() >= minEvidence
                    ? c.getValue().select(answerable, sources(with))
                    : List.of());
          }
        }
      }
      for (String question : offTopic) {
        List<Passage> found = retriever.search(SearchRequest.of(question, k)).passages();
        rows.add(row("off-topic/scifact", question, scorer.score(question, sources(found))));
      }
    }
  }

  private void docs(
      List<Row> rows, List<String> offTopic, OnnxBertEmbedder embedder, EvidenceScorer scorer)
      throws IOException {
    Path docsIndex = Files.createTempDirectory("quarry-bench-docs-");
    try (KnowledgeIndex kb = KnowledgeIndex.open(docsIndex, IndexSettings.defaults(), embedder);
        IngestionPipeline pipeline = new IngestionPipeline(kb, IngestionSettings.defaults())) {
      try (Stream<Path> files = Files.walk(docs)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
          pipeline.ingest(SourceDocument.ofFile(docs.relativize(f).toString(), f));
        }
      }
      HybridRetriever retriever = new HybridRetriever(kb);
      for (String question : offTopic) {
        List<Passage> found = retriever.search(SearchRequest.of(question, k)).passages();
        rows.add(row("off-topic/docs", question, scorer.score(question, sources(found))));
      }
    } finally {
      deleteRecursively(docsIndex);
    }
  }

  private void writeTsv(List<Row> rows) throws IOException {
    List<String> lines = new ArrayList<>(List.of("set\tstrength\tsimilarity\trelevance\tquestion"));
    rows.forEach(
        r ->
            lines.add(
                String.format(
                    Locale.ROOT,
                    "%s\t%.4f\t%.4f\t%.4f\t%s",
                    r.set(),
                    r.strength(),
                    r.similarity(),
                    r.relevance(),
                    r.question())));
    Files.write(tsv, lines);
  }

  private static Row row(String set, String question, Evidence evidence) {
    return new Row(
        set, question, evidence.strength(), evidence.bestSimilarity(), evidence.relevance());
  }

  private static List<Source> sources(List<Passage> passages) {
    return passages.stream()
        .map(
            p ->
                new Source(
                    p.id(),
                    p.title(),
                    p.text(),
                    p.headingPath(),
                    p.page(),
                    p.dense() == null ? null : (double) p.dense().score()))
        .toList();
  }

  /** Decline rate of each set for thresholds from 0.50 to 0.70. */
  private static void printThresholds(PrintStream out, List<Row> rows) {
    List<String> sets =
        List.of("answerable", "hard-negative", "off-topic/scifact", "off-topic/docs");
    Map<String, List<Double>> bySet = new HashMap<>();
    rows.forEach(r -> bySet.computeIfAbsent(r.set(), s -> new ArrayList<>()).add(r.strength()));
    out.printf(
        Locale.ROOT,
        "%nDecline rate by threshold (answerable: false declines; the others: declines)%n"
            + "| threshold | answerable (n=%d) | hard negatives (n=%d) | off-topic, SciFact (n=%d) |"
            + " off-topic, docs (n=%d) |%n|---|---|---|---|---|%n",
        size(bySet, sets.get(0)),
        size(bySet, sets.get(1)),
        size(bySet, sets.get(2)),
        size(bySet, sets.get(3)));
    for (int i = 0; i <= 20; i++) {
      double t = 0.50 + 0.01 * i;
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "| %.2f |", t));
      for (String set : sets) {
        List<Double> values = bySet.getOrDefault(set, List.of());
        long declined = values.stream().filter(v -> v < t).count();
        line.append(
            String.format(
                Locale.ROOT, " %.3f |", values.isEmpty() ? 0 : (double) declined / values.size()));
      }
      out.println(line);
    }
  }

  private static int size(Map<String, List<Double>> bySet, String set) {
    return bySet.getOrDefault(set, List.of()).size();
  }

  private static List<String> readQuestions(Path file) throws IOException {
    return Files.readAllLines(file).stream()
        .map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#"))
        .toList();
  }

  private Map<String, List<String>> readSentences() throws IOException {
    Map<String, List<String>> sentences = new HashMap<>();
    for (String line : Files.readAllLines(dataset.resolve("corpus-sentences.jsonl"))) {
      JsonNode d = json.readTree(line);
      List<String> list = new ArrayList<>();
      d.path("sentences").forEach(s -> list.add(s.asText()));
      sentences.put(d.path("_id").asText(), list);
    }
    return sentences;
  }

  /** Claim id → its gold rationale sentences as {@code corpusId#index}. */
  private Map<String, Set<String>> evidenceOf() throws IOException {
    Map<String, Set<String>> gold = new HashMap<>();
    for (String line : Files.readAllLines(dataset.resolve("evidence-test.jsonl"))) {
      JsonNode e = json.readTree(line);
      Set<String> ids = new HashSet<>();
      for (JsonNode ev : e.path("evidence")) {
        for (JsonNode group : ev.path("rationales")) {
          group.forEach(idx -> ids.add(ev.path("corpus-id").asText() + "#" + idx.asInt()));
        }
      }
      if (!ids.isEmpty()) {
        gold.put(e.path("query-id").asText(), ids);
      }
    }
    return gold;
  }

  /** Sentence-level citation precision and recall of extractive answers. */
  private static final class Citations {
    private final Map<String, List<String>> corpusSentences;
    private final Map<String, Set<String>> gold;
    private int claims;
    private int cited;
    private int correct;
    private int goldTotal;
    private int goldFound;
    private int claimsWithHit;

    Citations(Map<String, List<String>> corpusSentences, Map<String, Set<String>> gold) {
      this.corpusSentences = corpusSentences;
      this.gold = gold;
    }

    boolean has(String claimId) {
      return gold.containsKey(claimId);
    }

    void add(String claimId, List<Passage> passages, List<EvidenceSentence> picked) {
      Set<String> goldSentences = gold.get(claimId);
      claims++;
      goldTotal += goldSentences.size();
      Set<String> found = new HashSet<>();
      for (EvidenceSentence sentence : picked) {
        String doc = passages.get(sentence.source() - 1).documentId();
        int index =
            CitationQualityBench.bestSentence(
                sentence.text(), corpusSentences.getOrDefault(doc, List.of()));
        cited++;
        if (goldSentences.contains(doc + "#" + index)) {
          correct++;
          found.add(doc + "#" + index);
        }
      }
      goldFound += found.size();
      claimsWithHit += found.isEmpty() ? 0 : 1;
    }

    void print(PrintStream out, String composer) {
      out.printf(
          Locale.ROOT,
          "Extractive citations (%s): claims %d, cited sentences %d, precision %.3f, recall %.3f,"
              + " claims citing gold %.3f%n",
          composer,
          claims,
          cited,
          cited == 0 ? 0 : (double) correct / cited,
          goldTotal == 0 ? 0 : (double) goldFound / goldTotal,
          claims == 0 ? 0 : (double) claimsWithHit / claims);
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted((a, b) -> b.compareTo(a)).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
