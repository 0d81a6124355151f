package dev.quarry.retriever.bench;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import dev.quarry.retriever.cli.Cli;
import dev.quarry.retriever.embed.EmbedderSettings;
import dev.quarry.retriever.embed.OnnxBertEmbedder;
import dev.quarry.retriever.eval.BeirDataset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Embedding throughput, side by side on the same texts: Quarry's {@link OnnxBertEmbedder} (in the
 * given arrangements) against LangChain4j's own {@code embedAll} for the same model file. Rounds
 * alternate between the contenders so background load hits both alike.
 *
 * <p>{@code ./quarry bench-embed ../shared/datasets/scifact --texts 1000 --rounds 3}
 */
@Command(
    name = "bench-embed",
    mixinStandardHelpOptions = true,
    description = "Embedding tokens/s: Quarry's embedder vs LangChain4j embedAll, same texts.")
public final class EmbeddingThroughputBench implements Callable<Integer> {

  @Parameters(index = "0", description = "BEIR dataset directory whose corpus supplies the texts")
  Path dataset;

  @Option(names = "--texts", defaultValue = "1000")
  int texts;

  @Option(names = "--rounds", defaultValue = "3")
  int rounds;

  @Option(
      names = "--batch-sizes",
      defaultValue = "1,8",
      split = ",",
      description = "Quarry arrangements to try: texts per ONNX call")
  int[] batchSizes;

  public static void main(String[] args) {
    Cli.exec(new EmbeddingThroughputBench(), args);
  }

  @Override
  public Integer call() {
    List<String> corpus = new ArrayList<>();
    for (BeirDataset.CorpusDocument d : BeirDataset.read(dataset, "test").corpus()) {
      corpus.add(d.title() + "\n" + d.text());
      if (corpus.size() == texts) {
        break;
      }
    }
    int cores = Runtime.getRuntime().availableProcessors();
    List<OnnxBertEmbedder> ours = new ArrayList<>();
    for (int b : batchSizes) {
      ours.add(OnnxBertEmbedder.bgeSmallEnV15(new EmbedderSettings(cores, 1, b)));
    }
    ours.add(OnnxBertEmbedder.bgeSmallEnV15(new EmbedderSettings(1, cores, 8)));
    BgeSmallEnV15QuantizedEmbeddingModel langchain4j = new BgeSmallEnV15QuantizedEmbeddingModel();
    List<TextSegment> segments = corpus.stream().map(TextSegment::from).toList();
    long tokens = ours.get(0).modelTokens(corpus).stream().mapToLong(Integer::longValue).sum();
    System.out.printf("%d texts, %d tokens, %d cores%n", corpus.size(), tokens, cores);
    ours.forEach(e -> e.embedPassages(corpus.subList(0, 50))); // warm-up
    langchain4j.embedAll(segments.subList(0, 50));
    double[] best = new double[ours.size() + 1];
    for (int round = 1; round <= rounds; round++) {
      for (int i = 0; i < ours.size(); i++) {
        long t = System.nanoTime();
        ours.get(i).embedPassages(corpus);
        best[i] = Math.max(best[i], tokens / ((System.nanoTime() - t) / 1e9));
      }
      long t = System.nanoTime();
      langchain4j.embedAll(segments);
      best[ours.size()] = Math.max(best[ours.size()], tokens / ((System.nanoTime() - t) / 1e9));
      System.out.printf("round %d done%n", round);
    }
    for (int i = 0; i < ours.size(); i++) {
      System.out.printf("quarry %-60s %8.0f tokens/s%n", ours.get(i).settings(), best[i]);
    }
    System.out.printf("%-67s %8.0f tokens/s%n", "langchain4j embedAll", best[ours.size()]);
    ours.forEach(OnnxBertEmbedder::close);
    return 0;
  }
}
