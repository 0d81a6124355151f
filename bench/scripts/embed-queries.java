// Writes a BEIR dataset's test queries as Quarry embeds them (the bundled model's query
// embedding), one JSON list of vectors in queries.jsonl order, for opensearch-search-probe.py's
// VECTORS argument: the k-NN queries Quarry itself sends. Run from the repository root, after a
// build, with the retriever's class path:
//
//   CLASSPATH="retriever/target/classes:$(cat retriever/target/classpath.txt)" \
//       java bench/scripts/embed-queries.java ../shared/datasets/scifact /tmp/queries.json
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.retriever.embed.BundledModel;
import dev.quarry.retriever.embed.EmbedderSettings;
import dev.quarry.retriever.embed.OnnxBertEmbedder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

public class EmbedQueries {
  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: embed-queries.java DATASET OUT.json");
      System.exit(2);
    }
    Path dataset = Path.of(args[0]);
    List<String> qrels = Files.readAllLines(dataset.resolve("qrels").resolve("test.tsv"));
    Set<String> tested = new HashSet<>();
    for (String line : qrels.subList(1, qrels.size())) {
      tested.add(line.split("\t")[0]);
    }
    ObjectMapper json = new ObjectMapper();
    List<float[]> vectors = new ArrayList<>();
    try (OnnxBertEmbedder embedder = BundledModel.DEFAULT.load(EmbedderSettings.defaults())) {
      for (String line : Files.readAllLines(dataset.resolve("queries.jsonl"))) {
        JsonNode query = json.readTree(line);
        if (tested.contains(query.get("_id").asText())) {
          vectors.add(embedder.embedQuery(query.get("text").asText()).vector());
        }
      }
    }
    json.writeValue(Path.of(args[1]).toFile(), vectors);
    System.out.println(vectors.size() + " query vectors written to " + args[1]);
  }
}
