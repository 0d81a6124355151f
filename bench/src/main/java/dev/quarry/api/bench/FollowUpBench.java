package dev.quarry.api.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.generator.conversation.Contextualiser;
import dev.quarry.generator.conversation.PriorTurn;
import dev.quarry.generator.conversation.RewriteMethod;
import dev.quarry.generator.conversation.StandaloneQuery;
import dev.quarry.retriever.embed.OnnxBertEmbedder;
import dev.quarry.retriever.eval.BeirDataset;
import dev.quarry.retriever.eval.Metrics;
import dev.quarry.retriever.index.KnowledgeIndex;
import dev.quarry.retriever.search.HybridRetriever;
import dev.quarry.retriever.search.Passage;
import dev.quarry.retriever.search.SearchRequest;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./quarry bench-followups}: how much of a follow-up's subject history-aware retrieval
 * recovers, on a multi-turn set built from SciFact.
 *
 * <ol>
 *   <li>the set: each test claim is a first question, paired with a follow-up that needs it to make
 *       sense, drawn with a seeded random from {@link #FOLLOW_UPS} (pronouns: "Which studies show
 *       it?"; ellipsis: "And the evidence?"); the follow-up's relevant abstracts are the claim's;
 *   <li>each follow-up is retrieved three ways with the server's hybrid search: as written (no
 *       rewriting), as the {@link Contextualiser} rewrites it after the claim, and the claim alone
 *       (the upper reference: the subject fully known);
 *   <li>nDCG@10 of each, and the share of the gap between "no rewriting" and the reference that the
 *       contextualiser recovers.
 * </ol>
 *
 * The SciFact index is one {@code ./quarry eval <dataset> --index DIR} made. Self-contained: the
 * set is generated here, and written out with {@code --set-out}.
 */
@Command(
    name = "bench-followups",
    mixinStandardHelpOptions = true,
    description =
        "nDCG@10 of SciFact follow-ups without rewriting, with the contextualiser, and of the"
            + " first question alone.")
public final class FollowUpBench implements Callable<Integer> {

  /** Follow-ups that need the claim before them: pronouns and ellipsis. */
  static final List<String> FOLLOW_UPS =
      List.of(
          "Is that true?",
          "What evidence supports this?",
          "Which studies show it?",
          "Is there research on that?",
          "What do the papers say about it?",
          "And the evidence?",
          "Are there trials that confirm this?",
          "Why would that be the case?",
          "How strong is the evidence for it?",
          "What about the data behind this?",
          "Has this been shown in people?",
          "And is it proven?");

  @Option(names = "--dataset", required = true, description = "SciFact folder.")
  Path dataset;

  @Option(
      names = "--index",
      required = true,
      description = "SciFact index made by ./quarry eval <dataset> --index DIR.")
  Path index;

  @Option(names = "--split", defaultValue = "test", description = "Qrels split (default: test).")
  String split;

  @Option(names = "--seed", defaultValue = "15", description = "Seed of the follow-up draw.")
  long seed;

  @Option(names = "--set-out", description = "Also write the multi-turn set here (JSON lines).")
  Path setOut;

  /** One conversation of the set: a claim, then a follow-up that leans on it. */
  record Pair(String queryId, String first, String followUp) {}

  /** nDCG@10 averaged over the set, per way of retrieving the follow-up. */
  record Scores(
      double noRewrite,
      double contextualised,
      double reference,
      int rewritten,
      double newSubject,
      int newSubjectRewritten) {

    /** Share of the gap between no rewriting and the reference that rewriting recovers. */
    double recovered() {
      double gap = reference - noRewrite;
      return gap <= 0 ? 1 : (contextualised - noRewrite) / gap;
    }
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new FollowUpBench()).execute(args));
  }

  @Override
  public Integer call() throws IOException {
    PrintStream out = System.out;
    BeirDataset data = BeirDataset.read(dataset, split);
    List<Pair> set = pairs(data, new Random(seed));
    if (setOut != null) {
      write(set, setOut);
    }
    Scores scores;
    try (OnnxBertEmbedder embedder = OnnxBertEmbedder.bgeSmallEnV15();
        KnowledgeIndex scifact =
            KnowledgeIndex.open(
                index,
                KnowledgeIndex.recordedSettings(index)
                    .orElseThrow(
                        () -> new IllegalArgumentException(index + " holds no Quarry index")),
                embedder)) {
      scores = score(set, data.qrels(), new HybridRetriever(scifact), new Contextualiser());
    }
    out.printf(
        Locale.ROOT, "%s %s: %d conversations (seed %d)%n", data.name(), split, set.size(), seed);
    out.printf(Locale.ROOT, "%-36s %8s%n", "follow-up retrieved", "nDCG@10");
    out.printf(Locale.ROOT, "%-36s %8.4f%n", "as written (no rewriting)", scores.noRewrite());
    out.printf(Locale.ROOT, "%-36s %8.4f%n", "contextualised", scores.contextualised());
    out.printf(
        Locale.ROOT, "%-36s %8.4f%n", "first question alone (reference)", scores.reference());
    out.printf(
        Locale.ROOT,
        "gap recovered by the contextualiser: %.1f%%; follow-ups it rewrote: %d of %d%n",
        100 * scores.recovered(),
        scores.rewritten(),
        set.size());
    out.printf(
        Locale.ROOT,
        "change of subject (each claim after the previous one), contextualised: nDCG@10 %.4f"
            + " (claims alone %.4f); rewritten: %d of %d%n",
        scores.newSubject(),
        scores.reference(),
        scores.newSubjectRewritten(),
        set.size());
    return 0;
  }

  /** Every query of the split with qrels, paired with a follow-up drawn with {@code random}. */
  static List<Pair> pairs(BeirDataset data, Random random) {
    List<Pair> set = new ArrayList<>();
    for (Map.Entry<String, String> q : data.queries().entrySet()) {
      if (data.qrels().containsKey(q.getKey())) {
        set.add(
            new Pair(q.getKey(), q.getValue(), FOLLOW_UPS.get(random.nextInt(FOLLOW_UPS.size()))));
      }
    }
    return set;
  }

  static Scores score(
      List<Pair> set,
      Map<String, Map<String, Integer>> qrels,
      HybridRetriever retriever,
      Contextualiser contextualiser) {
    double none = 0;
    double ctx = 0;
    double ref = 0;
    int rewritten = 0;
    double newSubject = 0;
    int newSubjectRewritten = 0;
    for (int i = 0; i < set.size(); i++) {
      Pair p = set.get(i);
      Map<String, Integer> relevant = qrels.get(p.queryId());
      StandaloneQuery q =
          contextualiser.rewrite(List.of(PriorTurn.of(p.first(), "")), p.followUp());
      if (q.method() != RewriteMethod.UNCHANGED) {
        rewritten++;
      }
      none += Metrics.ndcg(ranking(retriever, p.followUp()), relevant, 10);
      ctx += Metrics.ndcg(ranking(retriever, q.text()), relevant, 10);
      ref += Metrics.ndcg(ranking(retriever, p.first()), relevant, 10);
      String previous = set.get((i + set.size() - 1) % set.size()).first();
      StandaloneQuery changed =
          contextualiser.rewrite(List.of(PriorTurn.of(previous, "")), p.first());
      if (changed.method() != RewriteMethod.UNCHANGED) {
        newSubjectRewritten++;
      }
      newSubject += Metrics.ndcg(ranking(retriever, changed.text()), relevant, 10);
    }
    int n = set.size();
    return new Scores(none / n, ctx / n, ref / n, rewritten, newSubject / n, newSubjectRewritten);
  }

  /** Documents ranked by their best passage, as {@code ./quarry eval} ranks them. */
  private static List<String> ranking(HybridRetriever retriever, String query) {
    Set<String> docs = new LinkedHashSet<>();
    for (Passage p : retriever.search(SearchRequest.of(query, 100)).passages()) {
      docs.add(p.documentId());
    }
    return new ArrayList<>(docs);
  }

  private static void write(List<Pair> set, Path file) throws IOException {
    ObjectMapper json = new ObjectMapper();
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (Pair p : set) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", p.queryId());
        row.put("turns", List.of(p.first(), p.followUp()));
        w.write(json.writeValueAsString(row));
        w.newLine();
      }
    }
  }
}
