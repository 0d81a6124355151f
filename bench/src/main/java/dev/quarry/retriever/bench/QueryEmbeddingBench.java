package dev.quarry.retriever.bench;

import dev.quarry.retriever.cli.Cli;
import dev.quarry.retriever.embed.OnnxBertEmbedder;
import dev.quarry.retriever.eval.BeirDataset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The query embedding alone, one query at a time, as a search does it: the part of search latency
 * that belongs to the model. Comparing it with {@code ./quarry eval}'s "embed query" median tells
 * the model's cost from what runs around it.
 *
 * <p>{@code ./quarry bench-query ../shared/datasets/scifact --passes 3}
 */
@Command(
    name = "bench-query",
    mixinStandardHelpOptions = true,
    description = "Query embedding latency (p50, p99) on a BEIR dataset's test queries.")
public final class QueryEmbeddingBench implements Callable<Integer> {

  @Parameters(index = "0", description = "BEIR dataset directory")
  Path dataset;

  @Option(names = "--passes", defaultValue = "3", description = "Passes; the first warms up")
  int passes;

  public static void main(String[] args) {
    Cli.exec(new QueryEmbeddingBench(), args);
  }

  @Override
  public Integer call() {
    List<String> queries = new ArrayList<>(BeirDataset.read(dataset, "test").queries().values());
    try (OnnxBertEmbedder embedder = OnnxBertEmbedder.bgeSmallEnV15()) {
      System.out.printf("%d queries, %s%n", queries.size(), embedder.settings());
      for (int pass = 1; pass <= passes; pass++) {
        long[] nanos = new long[queries.size()];
        long tokens = 0;
        for (int i = 0; i < nanos.length; i++) {
          long t = System.nanoTime();
          tokens += embedder.embedQuery(queries.get(i)).tokens();
          nanos[i] = System.nanoTime() - t;
        }
        Arrays.sort(nanos);
        System.out.printf(
            "pass %d%s: p50 %.2f ms, p99 %.2f ms, %.1f tokens per query (instruction included)%n",
            pass,
            pass == 1 ? " (warm-up)" : "",
            nanos[nanos.length / 2] / 1e6,
            nanos[(int) Math.ceil(nanos.length * 0.99) - 1] / 1e6,
            tokens / (double) nanos.length);
      }
    }
    return 0;
  }
}
