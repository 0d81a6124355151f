package dev.quarry.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The product's main output (the classes of retriever, ingestion, generator and api that the server
 * runs) carries no benchmark code: benchmarks live in the {@code bench} module. Reads the class
 * files where this test's class path finds each module's classes, leaving out test classes.
 */
class ProductCarriesNoBenchmarksTest {

  /** A {@code bench} package anywhere, or a class named {@code *Bench} or {@code *Benchmark}. */
  private static final Pattern BENCHMARK =
      Pattern.compile("(^|.*/)bench/.*|.*/[^/$]*Bench(mark)?(\\$[^/]*)?\\.class");

  @ParameterizedTest
  @ValueSource(strings = {"retriever", "ingestion", "generator", "api"})
  void should_hold_no_benchmark_class_when_the_module_is_part_of_the_product(String module)
      throws IOException, URISyntaxException {
    // given
    List<String> classes = mainClassesOf("dev/quarry/" + module);

    // when
    List<String> benchmarks = classes.stream().filter(c -> BENCHMARK.matcher(c).matches()).toList();

    // then
    assertThat(classes).as("main classes of %s found on the class path", module).isNotEmpty();
    assertThat(benchmarks).as("benchmark code in the %s module's main output", module).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "dev/quarry/api/bench/LoadTest.class",
        "dev/quarry/retriever/bench/package-info.class",
        "dev/quarry/ingestion/parse/OcrBenchmark.class",
        "dev/quarry/retriever/embed/EmbeddingBench$Row.class"
      })
  void should_recognise_a_benchmark_when_its_package_or_name_says_so(String path) {
    assertThat(BENCHMARK.matcher(path).matches()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "dev/quarry/api/rest/AskResource.class",
        "dev/quarry/retriever/eval/Benchmarks.class",
        "dev/quarry/api/benchmarking/Notes.class"
      })
  void should_not_flag_product_classes(String path) {
    assertThat(BENCHMARK.matcher(path).matches()).isFalse();
  }

  /** Class files under {@code root} in every main output (directory or jar) on the class path. */
  private static List<String> mainClassesOf(String root) throws IOException, URISyntaxException {
    List<String> classes = new ArrayList<>();
    for (URL url : Collections.list(getLoader().getResources(root))) {
      String location = url.toString();
      if (location.contains("/test-classes/") || location.contains("-tests.jar!")) {
        continue;
      }
      if (url.getProtocol().equals("jar")) {
        try (FileSystem jar = FileSystems.newFileSystem(url.toURI(), Map.of())) {
          classes.addAll(classFiles(jar.getPath("/" + root), jar.getPath("/")));
        }
      } else {
        Path dir = Path.of(url.toURI());
        Path top = dir;
        for (int i = 0; i < root.split("/").length; i++) {
          top = top.getParent();
        }
        classes.addAll(classFiles(dir, top));
      }
    }
    return classes;
  }

  private static List<String> classFiles(Path dir, Path top) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(f -> f.toString().endsWith(".class"))
          .map(f -> top.relativize(f).toString().replace('\\', '/'))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ClassLoader getLoader() {
    return ProductCarriesNoBenchmarksTest.class.getClassLoader();
  }
}
