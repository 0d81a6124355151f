package dev.quarry.generator.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.bench.Usage;
import dev.quarry.generator.Source;
import dev.quarry.generator.grounding.EvidenceScorer;
import dev.quarry.generator.grounding.EvidenceSentence;
import dev.quarry.generator.grounding.ExtractiveComposer;
import dev.quarry.generator.grounding.SentenceEmbedder;
import dev.quarry.generator.grounding.SupportScore;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Citation quality of the extractive composer on SciFact's gold rationale sentences ({@code
 * evidence-test.jsonl}): for each claim, the top-k abstracts by bge-small cosine (a dense stand-in
 * for the retriever, which the generator may not depend on; {@link BgeSentenceEmbedder}) are the
 * sources; the sentences the composer cites are compared with the gold rationale sentences. Prints
 * micro sentence-level citation precision and recall and the share of claims whose answer cites at
 * least one gold rationale sentence. Not a test: it asserts nothing.
 *
 * <pre>
 * ./quarry bench-composer ../shared/datasets/scifact [k] [max-tokens]
 * </pre>
 */
public final class CitationQualityEval {

  private static final ObjectMapper JSON = new ObjectMapper();

  private CitationQualityEval() {}

  /** One SciFact abstract, pre-split into sentences. */
  private record Doc(String id, String title, List<String> sentences) {}

  public static void main(String[] args) throws Exception {
    if (Usage.printed(args, 1, "./quarry bench-composer <scifact-dir> [k=5] [max-tokens=256]")) {
      return;
    }
    Path dir = Path.of(args[0]);
    int k = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    // Abstracts are truncated for the dense ranking: full 512-token windows took over 15 minutes
    // for the 5,183 abstracts on the 2-core build machine.
    int maxTokens = args.length > 2 ? Integer.parseInt(args[2]) : 256;
    try (BgeSentenceEmbedder embedder =
        new BgeSentenceEmbedder(Runtime.getRuntime().availableProcessors(), maxTokens)) {
      run(dir, k, maxTokens, embedder);
    }
  }

  private static void run(Path dir, int k, int maxTokens, SentenceEmbedder embedder)
      throws IOException {
    List<Doc> docs = readDocs(dir.resolve("corpus-sentences.jsonl"), dir.resolve("corpus.jsonl"));
    Map<String, String> claims = new HashMap<>();
    for (JsonNode q : readJsonl(dir.resolve("queries.jsonl"))) {
      claims.put(q.get("_id").asText(), q.get("text").asText());
    }
    long start = System.nanoTime();
    System.err.println("embedding " + docs.size() + " abstracts...");
    float[][] docVectors =
        embedder.embed(
            docs.stream().map(d -> d.title() + ". " + String.join(" ", d.sentences())).toList());
    ExtractiveComposer composer = new ExtractiveComposer();
    EvidenceScorer scorer = new EvidenceScorer(embedder, SupportScore.DEFAULT);
    int cited = 0;
    int gold = 0;
    int hits = 0;
    int claimsWithHit = 0;
    int abstained = 0;
    int claimCount = 0;
    System.err.printf(
        Locale.ROOT, "abstracts embedded in %.0f s%n", (System.nanoTime() - start) / 1e9);
    for (JsonNode evidence : readJsonl(dir.resolve("evidence-test.jsonl"))) {
      String claim = claims.get(evidence.get("query-id").asText());
      Set<String> goldSentences = goldSentences(evidence);
      List<Doc> top = topK(embedder.embed(List.of(claim))[0], docVectors, docs, k);
      List<Source> sources =
          top.stream()
              .map(d -> new Source(d.id(), d.title(), String.join("\n", d.sentences())))
              .toList();
      Set<String> picked = new HashSet<>();
      for (EvidenceSentence s : composer.select(scorer.score(claim, sources), sources)) {
        Doc doc = top.get(s.source() - 1);
        picked.add(doc.id() + "#" + indexOf(doc, s.text()));
      }
      int claimHits = (int) picked.stream().filter(goldSentences::contains).count();
      claimCount++;
      cited += picked.size();
      gold += goldSentences.size();
      hits += claimHits;
      claimsWithHit += claimHits > 0 ? 1 : 0;
      abstained += picked.isEmpty() ? 1 : 0;
    }
    System.out.printf(
        Locale.ROOT,
        "| claims | sources per claim | cited sentences | citation precision | citation recall |"
            + " claims citing a gold rationale | abstained | time |%n"
            + "|---|---|---|---|---|---|---|---|%n"
            + "| %d | top-%d (bge-small dense, abstracts cut to %d tokens) | %d | %.3f | %.3f | %.3f | %d | %.0f s |%n",
        claimCount,
        k,
        maxTokens,
        cited,
        cited == 0 ? 0 : (double) hits / cited,
        gold == 0 ? 0 : (double) hits / gold,
        (double) claimsWithHit / claimCount,
        abstained,
        (System.nanoTime() - start) / 1e9);
  }

  private static Set<String> goldSentences(JsonNode evidence) {
    Set<String> gold = new HashSet<>();
    for (JsonNode e : evidence.get("evidence")) {
      for (JsonNode rationale : e.get("rationales")) {
        rationale.forEach(i -> gold.add(e.get("corpus-id").asText() + "#" + i.asInt()));
      }
    }
    return gold;
  }

  /** The index of the SciFact sentence that holds {@code text} (the splitter may cut finer). */
  private static int indexOf(Doc doc, String text) {
    for (int i = 0; i < doc.sentences().size(); i++) {
      if (doc.sentences().get(i).contains(text.strip())) {
        return i;
      }
    }
    return -1;
  }

  private static List<Doc> topK(float[] query, float[][] vectors, List<Doc> docs, int k) {
    Integer[] order = new Integer[docs.size()];
    double[] scores = new double[docs.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
      for (int j = 0; j < query.length; j++) {
        scores[i] += query[j] * vectors[i][j];
      }
    }
    java.util.Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
    List<Doc> top = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      top.add(docs.get(order[i]));
    }
    return top;
  }

  private static List<Doc> readDocs(Path sentences, Path corpus) throws IOException {
    Map<String, String> titles = new HashMap<>();
    for (JsonNode d : readJsonl(corpus)) {
      titles.put(d.get("_id").asText(), d.path("title").asText(""));
    }
    List<Doc> docs = new ArrayList<>();
    for (JsonNode d : readJsonl(sentences)) {
      List<String> list = new ArrayList<>();
      d.get("sentences").forEach(s -> list.add(s.asText()));
      String id = d.get("_id").asText();
      docs.add(new Doc(id, titles.getOrDefault(id, ""), list));
    }
    return docs;
  }

  private static List<JsonNode> readJsonl(Path file) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    try (BufferedReader reader = Files.newBufferedReader(file)) {
      for (String line; (line = reader.readLine()) != null; ) {
        if (!line.isBlank()) {
          out.add(JSON.readTree(line));
        }
      }
    }
    return out;
  }
}
