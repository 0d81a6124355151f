package dev.quarry.generator.bench;

import dev.quarry.bench.Usage;
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
 * Measures the decoder on a model folder: prefill tokens/s (and so the time to the first token),
 * decode tokens/s, the share of prefill and of decode time spent in the Java loop rather than
 * inside ONNX Runtime, and peak memory. Not a test: it asserts nothing and prints Markdown table
 * rows for docs/benchmarks.md, one per run, then the load average.
 *
 * <pre>
 * /usr/bin/python3 generator/scripts/make_tiny_models.py --bench --out generator/target/bench
 * /usr/bin/python3 generator/scripts/make_qwen_shaped_models.py --out generator/target/bench
 * ./quarry bench-decode generator/target/bench/bench-llama [promptTokens] [newTokens] [threads]
 *   [cpu|cuda|auto] [runs] [nospin|spin]
 * </pre>
 *
 * <p>"CPU s per wall s" is the CPU time the process got per second of the run (at most the number
 * of cores): on a shared machine, the share of the cores the benchmark really had.
 */
public final class DecodeBenchmark {

  private static final long SEED = 20261129L;

  private DecodeBenchmark() {}

  public static void main(String[] args) throws IOException {
    if (Usage.printed(
        args,
        1,
        "./quarry bench-decode <model-dir> [prompt-tokens=512] [new-tokens=128] [threads]"
            + " [cpu|cuda|auto] [runs=3] [nospin|spin]")) {
      return;
    }
    Path model = Path.of(args[0]);
    int promptTokens = args.length > 1 ? Integer.parseInt(args[1]) : 512;
    int newTokens = args.length > 2 ? Integer.parseInt(args[2]) : 128;
    int threads =
        args.length > 3 ? Integer.parseInt(args[3]) : Runtime.getRuntime().availableProcessors();
    ExecutionProvider provider =
        ExecutionProvider.valueOf((args.length > 4 ? args[4] : "cpu").toUpperCase(Locale.ROOT));
    int runs = args.length > 5 ? Integer.parseInt(args[5]) : 3;
    boolean spinning = args.length > 6 && args[6].equals("spin");
    EngineOptions options = new EngineOptions(provider, 0, threads, 1, spinning);
    try (DecoderModel decoder = DecoderModel.load(model, options)) {
      TextGenerator generator = new TextGenerator(decoder);
      // Token ids below 300 are the script's real BPE tokens; seeded, so every run is the same.
      Random random = new Random(SEED);
      long[] prompt = random.longs(promptTokens, 0, 300).toArray();
      long loadStart = System.nanoTime();
      run(generator, prompt, 16); // warm-up: first-run allocations and kernel selection
      System.out.printf(
          Locale.ROOT, "warm-up run: %.1f s%n%n", (System.nanoTime() - loadStart) / 1e9);
      header();
      for (int i = 0; i < runs; i++) {
        row(
            decoder,
            promptTokens,
            threads + (spinning ? ", spin" : ""),
            i + 1,
            run(generator, prompt, newTokens));
      }
      System.out.println();
      System.out.println("load average after the runs: " + loadAverage());
    }
  }

  /** One generation's timings, and the CPU time the process got per second of wall time. */
  private record Run(GenerationTimings timings, double cpuPerWall) {}

  private static Run run(TextGenerator generator, long[] prompt, int newTokens) {
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpu = os.getProcessCpuTime();
    long wall = System.nanoTime();
    List<GenerationResult> results =
        generator.generate(
            List.of(prompt),
            GenerationRequest.greedy(newTokens),
            List.of(TokenStreamListener.NONE),
            new CancellationSignal());
    double cpuPerWall = (double) (os.getProcessCpuTime() - cpu) / (System.nanoTime() - wall);
    return new Run(results.get(0).timings(), cpuPerWall);
  }

  private static void header() {
    System.out.printf(
        Locale.ROOT,
        "| model | provider | threads | run | prompt | decoded | prefill tok/s | first token s |"
            + " prefill Java share | decode tok/s | ms/token | in ORT ms/token | decode Java share |"
            + " CPU s per wall s | peak RSS | peak heap |%n"
            + "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|%n");
  }

  private static void row(DecoderModel decoder, int promptTokens, String threads, int run, Run r)
      throws IOException {
    GenerationTimings t = r.timings();
    double prefillTps = promptTokens / (t.prefillNanos() / 1e9);
    double prefillJava = 1 - (double) t.prefillOnnxNanos() / t.prefillNanos();
    int steps = Math.max(1, t.decodeSteps());
    double decodeTps = t.decodeSteps() / (t.decodeNanos() / 1e9);
    double msPerToken = t.decodeNanos() / 1e6 / steps;
    double onnxMsPerToken = t.decodeOnnxNanos() / 1e6 / steps;
    System.out.printf(
        Locale.ROOT,
        "| %s (%d layers, kv %s) | %s | %s | %d | %d | %d | %.0f | %.2f | %.1f%% | %.2f | %.1f |"
            + " %.1f | %.1f%% | %.2f | %s | %s |%n",
        decoder.path().getFileName(),
        decoder.config().layers(),
        decoder.signature().kvType(),
        decoder.provider(),
        threads,
        run,
        promptTokens,
        t.decodeSteps(),
        prefillTps,
        t.prefillNanos() / 1e9,
        100 * prefillJava,
        decodeTps,
        msPerToken,
        onnxMsPerToken,
        100 * t.decodeJavaShare(),
        r.cpuPerWall(),
        peakRss(),
        mib(peakHeap()));
  }

  private static String loadAverage() throws IOException {
    Path loadavg = Path.of("/proc/loadavg");
    return Files.exists(loadavg) ? Files.readString(loadavg).trim() : "n/a";
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
