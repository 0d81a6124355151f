package dev.quarry.generator.bench;

import dev.quarry.generator.onnx.CancellationSignal;
import dev.quarry.generator.onnx.DecoderModel;
import dev.quarry.generator.onnx.EngineOptions;
import dev.quarry.generator.onnx.ExecutionProvider;
import dev.quarry.generator.onnx.GenerationRequest;
import dev.quarry.generator.onnx.GenerationResult;
import dev.quarry.generator.onnx.GenerationTimings;
import dev.quarry.generator.onnx.TextGenerator;
import dev.quarry.generator.onnx.TokenStreamListener;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Measures the decoder on a model folder: prefill tokens/s, decode tokens/s, the share of decode
 * time spent in the Java loop rather than inside ONNX Runtime, and peak memory. Not a test: it
 * asserts nothing and prints one Markdown table for docs/benchmarks.md.
 *
 * <pre>
 * /usr/bin/python3 generator/scripts/make_tiny_models.py --bench --out generator/target/bench
 * mvn -B -q -pl generator package -DskipTests
 * CLASSPATH=generator/target/classes:generator/target/test-classes:$(cat generator/target/classpath.txt) \
 *   java dev.quarry.generator.bench.DecodeBenchmark generator/target/bench/bench-llama [promptTokens]
 *   [newTokens] [threads] [cpu|cuda|auto] [runs]
 * </pre>
 */
public final class DecodeBenchmark {

  private static final long SEED = 20261129L;

  private DecodeBenchmark() {}

  public static void main(String[] args) throws IOException {
    Path model = Path.of(args[0]);
    int promptTokens = args.length > 1 ? Integer.parseInt(args[1]) : 512;
    int newTokens = args.length > 2 ? Integer.parseInt(args[2]) : 128;
    int threads =
        args.length > 3 ? Integer.parseInt(args[3]) : Runtime.getRuntime().availableProcessors();
    ExecutionProvider provider =
        ExecutionProvider.valueOf((args.length > 4 ? args[4] : "cpu").toUpperCase(Locale.ROOT));
    int runs = args.length > 5 ? Integer.parseInt(args[5]) : 3;
    EngineOptions options = new EngineOptions(provider, 0, threads, 1);
    try (DecoderModel decoder = DecoderModel.load(model, options)) {
      TextGenerator generator = new TextGenerator(decoder);
      // Token ids below 300 are the script's real BPE tokens; seeded, so every run is the same.
      Random random = new Random(SEED);
      long[] prompt = random.longs(promptTokens, 0, 300).toArray();
      run(generator, prompt, 16); // warm-up: first-run allocations and kernel selection
      GenerationTimings best = null;
      for (int i = 0; i < runs; i++) {
        GenerationTimings t = run(generator, prompt, newTokens);
        if (best == null
            || t.decodeNanos() / Math.max(1, t.decodeSteps())
                < best.decodeNanos() / Math.max(1, best.decodeSteps())) {
          best = t;
        }
      }
      print(decoder, promptTokens, threads, runs, best);
    }
  }

  private static GenerationTimings run(TextGenerator generator, long[] prompt, int newTokens) {
    List<GenerationResult> results =
        generator.generate(
            List.of(prompt),
            GenerationRequest.greedy(newTokens),
            List.of(TokenStreamListener.NONE),
            new CancellationSignal());
    return results.get(0).timings();
  }

  private static void print(
      DecoderModel decoder, int promptTokens, int threads, int runs, GenerationTimings t)
      throws IOException {
    double prefillTps = promptTokens / (t.prefillNanos() / 1e9);
    double decodeTps = t.decodeSteps() / (t.decodeNanos() / 1e9);
    double msPerToken = t.decodeNanos() / 1e6 / t.decodeSteps();
    double onnxMsPerToken = t.decodeOnnxNanos() / 1e6 / t.decodeSteps();
    System.out.printf(
        Locale.ROOT,
        "| model | provider | threads | prompt | decoded | prefill tok/s | decode tok/s |"
            + " ms/token | in ORT ms/token | Java loop share | peak RSS | peak heap |%n"
            + "|---|---|---|---|---|---|---|---|---|---|---|---|%n"
            + "| %s (%d layers, kv %s) | %s | %d | %d | %d | %.0f | %.1f | %.2f | %.2f | %.1f%% |"
            + " %s | %s |%n",
        decoder.path().getFileName(),
        decoder.config().layers(),
        decoder.signature().kvType(),
        decoder.provider(),
        threads,
        promptTokens,
        t.decodeSteps(),
        prefillTps,
        decodeTps,
        msPerToken,
        onnxMsPerToken,
        100 * t.decodeJavaShare(),
        peakRss(),
        mib(peakHeap()));
    System.out.printf(Locale.ROOT, "(best of %d runs by decode ms/token)%n", runs);
  }

  /** VmHWM of /proc/self/status: the process's peak resident memory, ONNX Runtime's included. */
  private static String peakRss() throws IOException {
    Path status = Path.of("/proc/self/status");
    if (!Files.exists(status)) {
      return "n/a";
    }
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("VmHWM:")) {
        long kib = Long.parseLong(line.replaceAll("\\D", ""));
        return mib(kib * 1024);
      }
    }
    return "n/a";
  }

  private static long peakHeap() {
    long total = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        total += pool.getPeakUsage().getUsed();
      }
    }
    return total;
  }

  private static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.0f MiB", bytes / 1048576.0);
  }
}
