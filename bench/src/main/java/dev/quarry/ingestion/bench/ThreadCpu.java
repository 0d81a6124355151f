package dev.quarry.ingestion.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * CPU seconds spent by this process's threads, grouped by name with the digits taken out, read from
 * {@code /proc/self/task}, where Linux keeps the first 15 characters of a name ({@code
 * quarry-embed-N-}; {@code CN CompilerThre} for the JIT compilers): the JIT compiler's and ONNX
 * Runtime's threads count too, which no Java API shows. Linux only; elsewhere a snapshot is empty.
 */
record ThreadCpu(Map<String, Double> secondsByGroup) {

  /** The kernel's USER_HZ, the unit of thread times in {@code /proc} (100 on Linux). */
  private static final double TICKS_PER_SECOND = 100;

  /** Groups that spent less than this much are left out of {@link #since}. */
  private static final double SHOWN_FROM_SECONDS = 0.3;

  static ThreadCpu now() {
    Map<String, Double> by = new HashMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      tasks.forEach(task -> add(task, by));
    } catch (IOException e) {
      return new ThreadCpu(Map.of());
    }
    return new ThreadCpu(by);
  }

  /** One thread's user + system time; a thread that ended meanwhile is skipped. */
  private static void add(Path task, Map<String, Double> by) {
    String stat;
    try {
      stat = Files.readString(task.resolve("stat"), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      return;
    }
    // pid (name) state ...: the name may hold spaces, so the fields start after the last ')'.
    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    double seconds = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
    by.merge(name.replaceAll("[0-9]+", "N"), seconds, Double::sum);
  }

  /**
   * "quarry-embed-N- 69.4, quarry-parse-N- 6.0, ...": what each group spent since {@code before}.
   */
  String since(ThreadCpu before) {
    return secondsByGroup.entrySet().stream()
        .map(
            e ->
                Map.entry(
                    e.getKey(), e.getValue() - before.secondsByGroup.getOrDefault(e.getKey(), 0.0)))
        .filter(e -> e.getValue() >= SHOWN_FROM_SECONDS)
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .map(e -> String.format(Locale.ROOT, "%s %.1f", e.getKey(), e.getValue()))
        .collect(Collectors.joining(", "));
  }
}
