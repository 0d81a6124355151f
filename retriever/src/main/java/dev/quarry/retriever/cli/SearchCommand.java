package dev.quarry.retriever.cli;

import dev.quarry.retriever.embed.EmbedderSettings;
import dev.quarry.retriever.embed.EmbeddingModels;
import dev.quarry.retriever.index.IndexSettings;
import dev.quarry.retriever.index.IndexStore;
import dev.quarry.retriever.search.HybridRetriever;
import dev.quarry.retriever.search.Passage;
import dev.quarry.retriever.search.RetrievalSettings;
import dev.quarry.retriever.search.SearchMode;
import dev.quarry.retriever.search.SearchRequest;
import dev.quarry.retriever.search.SearchResult;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./quarry search --kb <name> "query"}: hybrid search of a local knowledge base. */
@Command(
    name = "search",
    mixinStandardHelpOptions = true,
    description = {
      "Searches a knowledge base in the local data directory and prints the best passages with"
          + " their BM25 and dense scores.",
      "Example: ./quarry search --kb docs \"how do I replace a document?\""
    })
public final class SearchCommand implements Callable<Integer> {

  @Parameters(arity = "1..*", description = "The query")
  List<String> words;

  @Option(names = "--kb", required = true, description = "Knowledge base name")
  String kb;

  @Option(names = "-k", defaultValue = "5", description = "Passages to show (default: 5)")
  int k;

  @Option(
      names = "--filter",
      description = "field=value (documentId or a metadata field); repeat to combine")
  List<String> filters = new ArrayList<>();

  @Option(
      names = "--mode",
      defaultValue = "HYBRID",
      description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
  SearchMode mode;

  @Option(names = "--diversify", description = "Re-rank with MMR to drop near-duplicates")
  boolean diversify;

  @Option(
      names = "--candidates",
      defaultValue = "" + RetrievalSettings.DEFAULT_CANDIDATES,
      description =
          "Results each leg takes before fusion, also the HNSW search width (default: 100; 400 for"
              + " indexes of a million chunks, see docs/benchmarks.md)")
  int candidates;

  @Option(
      names = "--data-dir",
      description = "Data directory (default: $QUARRY_DATA_DIR or ./data)")
  Path dataDir;

  public static void main(String[] args) {
    Cli.exec(new SearchCommand(), args);
  }

  @Override
  public Integer call() {
    PrintStream out = System.out;
    Map<String, List<String>> filterMap = parseFilters(filters);
    SearchRequest request =
        new SearchRequest(String.join(" ", words), k, filterMap, mode, diversify);
    RetrievalSettings settings = RetrievalSettings.defaults().withCandidates(candidates);
    Path root = DataDirectory.indexes(DataDirectory.resolve(dataDir));
    // The query is embedded with the model the knowledge base's index was built with.
    try (EmbeddingModels models = EmbeddingModels.bundled(EmbedderSettings.defaults());
        IndexStore store = new IndexStore(root, IndexSettings.defaults(), models)) {
      SearchResult result = new HybridRetriever(store.open(kb), settings).search(request);
      if (result.queryTruncated()) {
        out.println("(the query was longer than the embedding model's window; its tail was cut)");
      }
      if (result.passages().isEmpty()) {
        out.println("No passage matches.");
      }
      int n = 1;
      for (Passage p : result.passages()) {
        out.printf(
            "%d. %s  %s%s  score %.4f  bm25 %s  dense %s%n",
            n++,
            p.documentId(),
            String.join(" > ", p.headingPath()),
            p.page() == null ? "" : "  p." + p.page(),
            p.score(),
            p.bm25() == null ? "-" : String.format("%.3f (#%d)", p.bm25().score(), p.bm25().rank()),
            p.dense() == null
                ? "-"
                : String.format("%.3f (#%d)", p.dense().score(), p.dense().rank()));
        out.println("   " + p.text().replaceAll("\\s+", " ").strip());
      }
      out.printf("(%.1f ms)%n", result.timings().totalNanos() / 1e6);
    }
    return 0;
  }

  static Map<String, List<String>> parseFilters(List<String> filters) {
    Map<String, List<String>> map = new LinkedHashMap<>();
    for (String f : filters) {
      int eq = f.indexOf('=');
      if (eq <= 0 || eq == f.length() - 1) {
        throw new IllegalArgumentException("A filter is field=value, got '" + f + "'");
      }
      map.computeIfAbsent(f.substring(0, eq), x -> new ArrayList<>()).add(f.substring(eq + 1));
    }
    return map;
  }
}
