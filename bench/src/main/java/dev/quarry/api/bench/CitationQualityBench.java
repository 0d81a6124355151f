package dev.quarry.api.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.generator.grounding.CitationMarkers;
import dev.quarry.generator.grounding.SentenceSplitter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./quarry bench-citations}: citation quality of a running server's answers on SciFact's
 * gold rationale sentences. The knowledge base must hold the SciFact abstracts as documents named
 * {@code <corpus-id>.txt}. For each claim of {@code evidence-test.jsonl} the server answers ({@code
 * POST /ask}: hybrid retrieval, then the generator or the extractive composer); each answer
 * sentence is matched to the corpus sentence it quotes or paraphrases in the documents it cites
 * (markers read by {@link CitationMarkers}: {@code [1]}, {@code [1, 2]}, {@code [1][2]}). Prints
 * micro sentence-level citation precision and recall and the share of claims whose answer cites at
 * least one gold rationale sentence.
 */
@Command(
    name = "bench-citations",
    mixinStandardHelpOptions = true,
    description = "Citation precision/recall of a server's answers on SciFact rationales.")
public final class CitationQualityBench implements Callable<Integer> {

  @Option(names = "--url", defaultValue = "http://localhost:8080", description = "Server URL.")
  String url;

  @Option(names = "--key", required = true, description = "A reader key of the knowledge base.")
  String key;

  @Option(names = "--kb", required = true, description = "Knowledge base id.")
  String kb;

  @Option(names = "--dataset", required = true, description = "SciFact folder.")
  Path dataset;

  @Option(names = "-k", defaultValue = "5", description = "Passages per question.")
  int k;

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  public static void main(String[] args) {
    System.exit(new CommandLine(new CitationQualityBench()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Map<String, List<String>> sentences = new HashMap<>();
    for (String line : Files.readAllLines(dataset.resolve("corpus-sentences.jsonl"))) {
      JsonNode d = json.readTree(line);
      sentences.put(
          d.path("_id").asText(),
          json.convertValue(
              d.path("sentences"),
              json.getTypeFactory().constructCollectionType(List.class, String.class)));
    }
    Map<String, String> claims = new HashMap<>();
    for (String line : Files.readAllLines(dataset.resolve("queries.jsonl"))) {
      JsonNode q = json.readTree(line);
      claims.put(q.path("_id").asText(), q.path("text").asText());
    }
    int cited = 0;
    int correct = 0;
    int gold = 0;
    int goldFound = 0;
    int claimCount = 0;
    int claimsWithHit = 0;
    int abstained = 0;
    long started = System.nanoTime();
    for (String line : Files.readAllLines(dataset.resolve("evidence-test.jsonl"))) {
      JsonNode e = json.readTree(line);
      Set<String> goldSentences = new HashSet<>();
      for (JsonNode ev : e.path("evidence")) {
        for (JsonNode group : ev.path("rationales")) {
          for (JsonNode idx : group) {
            goldSentences.add(ev.path("corpus-id").asText() + "#" + idx.asInt());
          }
        }
      }
      if (goldSentences.isEmpty()) {
        continue;
      }
      claimCount++;
      gold += goldSentences.size();
      JsonNode answer = ask(claims.get(e.path("query-id").asText()));
      if ("abstained".equals(answer.path("mode").asText())) {
        abstained++;
        continue;
      }
      Map<Integer, String> docOfCitation = new HashMap<>();
      for (JsonNode c : answer.path("citations")) {
        docOfCitation.put(
            c.path("n").asInt(), c.path("documentName").asText().replaceAll("\\.txt$", ""));
      }
      Set<String> found = new HashSet<>();
      for (String sentence : SentenceSplitter.split(answer.path("answer").asText())) {
        List<Long> numbers = CitationMarkers.numbersIn(sentence);
        if (numbers.isEmpty()) {
          continue;
        }
        cited++;
        String text = CitationMarkers.strip(sentence);
        // A sentence citing several sources ("[1, 2]", "[1][2]") is right when one of them holds
        // it as a gold rationale sentence.
        for (long n : numbers) {
          String doc = docOfCitation.get((int) Math.min(n, Integer.MAX_VALUE));
          String id = doc + "#" + bestSentence(text, sentences.getOrDefault(doc, List.of()));
          if (doc != null && goldSentences.contains(id)) {
            correct++;
            found.add(id);
            break;
          }
        }
      }
      goldFound += found.size();
      if (!found.isEmpty()) {
        claimsWithHit++;
      }
    }
    System.out.printf(
        Locale.ROOT,
        "claims %d, cited sentences %d, precision %.3f, recall %.3f, claims citing gold %.3f,"
            + " abstained %d, %.0f s%n",
        claimCount,
        cited,
        cited == 0 ? 0 : (double) correct / cited,
        gold == 0 ? 0 : (double) goldFound / gold,
        claimCount == 0 ? 0 : (double) claimsWithHit / claimCount,
        abstained,
        (System.nanoTime() - started) / 1e9);
    return 0;
  }

  private JsonNode ask(String claim) throws Exception {
    String body = json.createObjectNode().put("question", claim).put("k", k).toString();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url + "/api/kbs/" + kb + "/ask"))
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("ask failed: " + r.statusCode() + " " + r.body());
    }
    return json.readTree(r.body());
  }

  /** The corpus sentence sharing the most words with {@code text}; -1 when none shares any. */
  static int bestSentence(String text, List<String> candidates) {
    Set<String> words = words(text);
    int best = -1;
    double bestScore = 0;
    for (int i = 0; i < candidates.size(); i++) {
      Set<String> other = words(candidates.get(i));
      Set<String> shared = new HashSet<>(words);
      shared.retainAll(other);
      Set<String> union = new HashSet<>(words);
      union.addAll(other);
      double jaccard = union.isEmpty() ? 0 : (double) shared.size() / union.size();
      if (jaccard > bestScore) {
        bestScore = jaccard;
        best = i;
      }
    }
    return bestScore >= 0.5 ? best : -1;
  }

  private static Set<String> words(String text) {
    Set<String> words = new HashSet<>();
    for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (!w.isEmpty()) {
        words.add(w);
      }
    }
    return words;
  }
}
