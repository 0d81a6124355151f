package dev.quarry.generator.model;

import dev.quarry.generator.GeneratorException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The generator models on disk, one folder each under {@code <data dir>/models}: pulls them from a
 * hub, lists and removes them. Not safe for two processes pulling the same model at once.
 */
public final class ModelStore {

  private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9._-]+");

  private final Path root;

  /**
   * @param dataDir Quarry's data directory ({@code QUARRY_DATA_DIR}, default {@code ./data})
   */
  public ModelStore(Path dataDir) {
    this.root = Objects.requireNonNull(dataDir, "dataDir").resolve("models");
  }

  /** The local name of a hub repository: the part after the owner, e.g. {@code Qwen2.5-0.5B}. */
  public static String defaultName(String repo) {
    return repo.substring(repo.lastIndexOf('/') + 1);
  }

  public Path path(String name) {
    if (!SAFE_NAME.matcher(name).matches() || name.startsWith(".")) {
      throw new GeneratorException("invalid model name '" + name + "': use letters, digits, . _ -");
    }
    return root.resolve(name);
  }

  /**
   * Downloads what the model needs into {@code models/<name>}, skipping files already complete and
   * resuming partial ones.
   *
   * @return the model folder
   * @throws GeneratorException if listing, a download or a verification fails
   */
  public Path pull(
      HubClient hub,
      String repo,
      String revision,
      String subfolder,
      Optional<String> graph,
      String name,
      DownloadProgress progress) {
    Path target = path(name);
    List<HubFile> files = FileSelection.select(hub.listFiles(repo, revision), subfolder, graph);
    for (HubFile file : files) {
      // The JSON files always land at the folder's root, where ModelFolder looks for them.
      boolean json = ModelFolder.REQUIRED_FILES.contains(file.name());
      Path local = target.resolve(json ? file.name() : file.path());
      if (!isComplete(local, file)) {
        hub.download(repo, revision, file, local, progress);
      }
    }
    ModelFolder.open(target);
    return target;
  }

  /** Installed models, by name. */
  public List<InstalledModel> list() {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> dirs = Files.list(root)) {
      List<InstalledModel> out = new ArrayList<>();
      for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
        out.add(new InstalledModel(dir.getFileName().toString(), dir, size(dir), complete(dir)));
      }
      return out;
    } catch (IOException e) {
      throw new GeneratorException("cannot list models: " + e.getMessage(), root, e);
    }
  }

  /**
   * Deletes a model folder.
   *
   * @return false if there was no such model
   */
  public boolean remove(String name) {
    Path dir = path(name);
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
      return true;
    } catch (IOException | UncheckedIOException e) {
      throw new GeneratorException("cannot remove model " + name + ": " + e.getMessage(), dir, e);
    }
  }

  private static boolean isComplete(Path local, HubFile file) {
    try {
      return Files.isRegularFile(local) && Files.size(local) == file.size();
    } catch (IOException e) {
      throw new GeneratorException("cannot read " + local + ": " + e.getMessage(), local, e);
    }
  }

  private static boolean complete(Path dir) {
    try {
      ModelFolder.open(dir);
      return true;
    } catch (GeneratorException e) {
      return false; // an incomplete folder is listed as such, not an error
    }
  }

  private static long size(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      long total = 0;
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        total += Files.size(p);
      }
      return total;
    }
  }
}
