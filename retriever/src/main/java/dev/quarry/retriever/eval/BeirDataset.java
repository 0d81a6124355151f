package dev.quarry.retriever.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.retriever.RetrieverException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A dataset in BEIR's layout: {@code corpus.jsonl} ({@code _id, title, text}), {@code
 * queries.jsonl} ({@code _id, text}) and {@code qrels/<split>.tsv} ({@code query-id, corpus-id,
 * score} with a header line).
 *
 * @param name the directory name
 * @param corpus documents in file order
 * @param queries the queries that have judgements in the split, in file order
 * @param qrels query id → (document id → relevance grade)
 */
public record BeirDataset(
    String name,
    List<CorpusDocument> corpus,
    Map<String, String> queries,
    Map<String, Map<String, Integer>> qrels) {

  /** One corpus entry. */
  public record CorpusDocument(String id, String title, String text) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Reads a dataset directory.
   *
   * @throws RetrieverException if a file is missing or malformed, naming the file and line
   */
  public static BeirDataset read(Path directory, String split) {
    Path corpusFile = directory.resolve("corpus.jsonl");
    Path queriesFile = directory.resolve("queries.jsonl");
    Path qrelsFile = directory.resolve("qrels").resolve(split + ".tsv");
    for (Path p : List.of(corpusFile, queriesFile, qrelsFile)) {
      if (!Files.isRegularFile(p)) {
        throw new RetrieverException(
            "Not a BEIR dataset: "
                + p
                + " is missing (expected corpus.jsonl, queries.jsonl, qrels/"
                + split
                + ".tsv)");
      }
    }
    Map<String, Map<String, Integer>> qrels = readQrels(qrelsFile);
    List<CorpusDocument> corpus = new ArrayList<>();
    forEachJson(
        corpusFile,
        n -> corpus.add(new CorpusDocument(text(n, "_id"), text(n, "title"), text(n, "text"))));
    Map<String, String> allQueries = new LinkedHashMap<>();
    forEachJson(queriesFile, n -> allQueries.put(text(n, "_id"), text(n, "text")));
    Map<String, String> queries = new LinkedHashMap<>();
    allQueries.forEach(
        (id, text) -> {
          if (qrels.containsKey(id)) {
            queries.put(id, text);
          }
        });
    return new BeirDataset(directory.getFileName().toString(), corpus, queries, qrels);
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? "" : value.asText();
  }

  private interface JsonLine {
    void accept(JsonNode node);
  }

  private static void forEachJson(Path file, JsonLine consumer) {
    int line = 0;
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String s = reader.readLine(); s != null; s = reader.readLine()) {
        line++;
        if (!s.isBlank()) {
          consumer.accept(JSON.readTree(s));
        }
      }
    } catch (IOException e) {
      throw new RetrieverException("Cannot read " + file + " at line " + line + ": " + e, null, e);
    }
  }

  private static Map<String, Map<String, Integer>> readQrels(Path file) {
    Map<String, Map<String, Integer>> qrels = new LinkedHashMap<>();
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      for (int i = 1; i < lines.size(); i++) { // line 0 is the header
        String[] cols = lines.get(i).split("\t");
        if (cols.length < 3) {
          continue;
        }
        qrels
            .computeIfAbsent(cols[0], q -> new LinkedHashMap<>())
            .put(cols[1], Integer.parseInt(cols[2].trim()));
      }
    } catch (IOException | NumberFormatException e) {
      throw new RetrieverException("Cannot read " + file + ": " + e, null, e);
    }
    return qrels;
  }
}
