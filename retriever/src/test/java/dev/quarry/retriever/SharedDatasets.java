package dev.quarry.retriever;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shared BEIR datasets (never copied into the repository). The retriever pom passes their
 * folder as the system property {@code quarry.datasets}: {@code ../shared/datasets} beside the
 * repository, where CI and the build machine keep them. Tests that need one skip without it, and
 * say where they looked.
 */
public final class SharedDatasets {

  private SharedDatasets() {}

  /** The folder the datasets live in; {@code ../../shared/datasets} from a module without Maven. */
  public static Path directory() {
    return Path.of(System.getProperty("quarry.datasets", "../../shared/datasets"));
  }

  /**
   * The SciFact folder, or a skipped test that names where it was looked for — a failed one when
   * {@code QUARRY_REQUIRE_DATASETS=1} (CI), where a missing dataset must not pass unnoticed.
   */
  public static Path scifactOrSkip() {
    Path scifact = directory().resolve("scifact").toAbsolutePath().normalize();
    boolean present = Files.isRegularFile(scifact.resolve("corpus.jsonl"));
    if (!present && "1".equals(System.getenv("QUARRY_REQUIRE_DATASETS"))) {
      throw new AssertionError(
          "SciFact is not at " + scifact + " and QUARRY_REQUIRE_DATASETS=1: this check needs it");
    }
    assumeTrue(present, "SciFact is not at " + scifact + "; this check needs it and is skipped");
    return scifact;
  }
}
