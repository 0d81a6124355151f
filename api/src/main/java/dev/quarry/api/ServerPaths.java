package dev.quarry.api;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hides the server's directories in text meant for API clients: an error detail or a document's
 * error often quotes an {@code IOException}, and its message names an absolute path (a blob, an
 * index directory). Each known directory (the data directory, the temporary directory, the working
 * directory, the home directory) becomes a name in angle brackets, e.g. {@code
 * <data-dir>/blobs/ab/cd…}; the full text stays in the server log. Thread-safe.
 */
@ApplicationScoped
public class ServerPaths {

  private record Root(Pattern path, String name) {}

  private static volatile List<Root> roots = roots(null);

  void onStart(@Observes StartupEvent started, QuarryConfig config) {
    useDataDir(config.dataDir());
  }

  /** Hides {@code dataDir} as well as the JVM's own directories from now on. */
  public static void useDataDir(Path dataDir) {
    roots = roots(dataDir);
  }

  /**
   * @return {@code text} with every known server directory replaced by its name; null for null
   */
  public static String hide(String text) {
    if (text == null || text.indexOf('/') < 0 && text.indexOf('\\') < 0) {
      return text;
    }
    String hidden = text;
    for (Root root : roots) {
      hidden = root.path().matcher(hidden).replaceAll(Matcher.quoteReplacement(root.name()));
    }
    return hidden;
  }

  private static List<Root> roots(Path dataDir) {
    Map<String, String> named = new LinkedHashMap<>();
    if (dataDir != null) {
      add(named, dataDir, "<data-dir>");
    }
    add(named, Path.of(System.getProperty("java.io.tmpdir")), "<temp-dir>");
    add(named, Path.of(System.getProperty("user.dir")), "<working-dir>");
    add(named, Path.of(System.getProperty("user.home")), "<home-dir>");
    List<Map.Entry<String, String>> longestFirst = new ArrayList<>(named.entrySet());
    longestFirst.sort(
        Comparator.comparingInt((Map.Entry<String, String> e) -> e.getKey().length()).reversed());
    return longestFirst.stream()
        .map(
            e ->
                new Root(
                    Pattern.compile(Pattern.quote(e.getKey()) + "(?=[/\\\\\\s'\":;,)\\]]|$)"),
                    e.getValue()))
        .toList();
  }

  /**
   * The directory as given and as it really is (through links), unless it is the file system root.
   */
  private static void add(Map<String, String> named, Path dir, String name) {
    Path absolute = dir.toAbsolutePath().normalize();
    if (absolute.getNameCount() == 0) {
      return; // "/" itself: every path starts with it
    }
    named.putIfAbsent(absolute.toString(), name);
    try {
      if (Files.exists(absolute)) {
        named.putIfAbsent(absolute.toRealPath().toString(), name);
      }
    } catch (java.io.IOException e) {
      // not resolvable: the path as given is hidden all the same
    }
  }
}
