package dev.quarry.ingestion.cli;

import dev.quarry.ingestion.IngestionException;
import dev.quarry.ingestion.pipeline.SourceDocument;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds the files to ingest. A file given directly has its file name as document id; a folder is
 * walked recursively (hidden files and folders, such as {@code .git}, are skipped) and each file's
 * id is its path relative to that folder, with {@code /} separators. Include and exclude globs
 * match the relative path or the file name ({@code *.pdf} and {@code reports/**} both work); a file
 * must match one include (when any is given) and no exclude.
 */
final class FileCollector {

  private final List<PathMatcher> includes;
  private final List<PathMatcher> excludes;

  FileCollector(List<String> includeGlobs, List<String> excludeGlobs) {
    this.includes = matchers(includeGlobs);
    this.excludes = matchers(excludeGlobs);
  }

  private static List<PathMatcher> matchers(List<String> globs) {
    return globs.stream().map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g)).toList();
  }

  /**
   * @throws IngestionException if a path does not exist or a folder cannot be read
   */
  List<SourceDocument> collect(List<Path> roots) {
    List<SourceDocument> out = new ArrayList<>();
    for (Path root : roots) {
      if (Files.isRegularFile(root)) {
        add(root, root.getFileName(), out);
      } else if (Files.isDirectory(root)) {
        walk(root, out);
      } else {
        throw new IngestionException(root.toString(), "no such file or folder: " + root);
      }
    }
    out.sort(Comparator.comparing(SourceDocument::documentId));
    return out;
  }

  private void walk(Path root, List<SourceDocument> out) {
    try (Stream<Path> files = Files.walk(root)) {
      files
          .filter(Files::isRegularFile)
          .filter(f -> !hidden(root.relativize(f)))
          .forEach(f -> add(f, root.relativize(f), out));
    } catch (IOException e) {
      throw new IngestionException(root.toString(), "cannot read folder " + root + ": " + e, e);
    }
  }

  private void add(Path file, Path relative, List<SourceDocument> out) {
    if (selected(relative)) {
      String id = relative.toString().replace(relative.getFileSystem().getSeparator(), "/");
      out.add(SourceDocument.ofLocalFile(id, file));
    }
  }

  private boolean selected(Path relative) {
    boolean included = includes.isEmpty() || includes.stream().anyMatch(m -> matches(m, relative));
    return included && excludes.stream().noneMatch(m -> matches(m, relative));
  }

  private static boolean matches(PathMatcher matcher, Path relative) {
    return matcher.matches(relative) || matcher.matches(relative.getFileName());
  }

  private static boolean hidden(Path relative) {
    for (Path part : relative) {
      if (part.toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }
}
