package dev.quarry.ingestion.sync;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Lists a folder for a sync: every regular file below it (links followed), named by its path
 * relative to the folder with {@code /} separators, with the SHA-256 of its bytes.
 *
 * <p>Skipped, as a person would expect: hidden files and folders (a segment starting with {@code
 * .}, such as {@code .git} or LibreOffice's {@code .~lock.*#}), Microsoft Office's owner files
 * ({@code ~$report.docx}) and editor backups ({@code notes.txt~}). A file or sub-folder that cannot
 * be read is reported in {@link FolderScan#unreadable()} (a folder with a trailing {@code /}) and
 * the scan goes on. Thread-safe (it has no state).
 */
public final class FolderScanner {

  private static final int BUFFER_BYTES = 1 << 16;

  /**
   * Scans {@code folder}.
   *
   * @throws SyncFolderException if the folder does not exist, is not a folder or cannot be listed
   */
  public FolderScan scan(Path folder) {
    Objects.requireNonNull(folder, "folder");
    if (!Files.exists(folder)) {
      throw new SyncFolderException(folder.toString(), "no such folder: " + folder);
    }
    if (!Files.isDirectory(folder)) {
      throw new SyncFolderException(
          folder.toString(), folder + " is a file, not a folder; sync takes a folder");
    }
    if (!Files.isReadable(folder)) {
      throw new SyncFolderException(folder.toString(), "cannot read the folder " + folder);
    }
    List<LocalFile> files = new ArrayList<>();
    List<UnreadableFile> unreadable = new ArrayList<>();
    try {
      Files.walkFileTree(
          folder,
          EnumSet.of(FileVisitOption.FOLLOW_LINKS),
          Integer.MAX_VALUE,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
              return dir.equals(folder) || !skipped(dir.getFileName().toString())
                  ? FileVisitResult.CONTINUE
                  : FileVisitResult.SKIP_SUBTREE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              if (skipped(file.getFileName().toString())) {
                return FileVisitResult.CONTINUE;
              }
              String name = name(folder, file);
              if (attrs.isSymbolicLink()) {
                // Only a link that could not be followed is seen as a link here.
                unreadable.add(new UnreadableFile(name, "a link that leads nowhere readable"));
              } else if (attrs.isRegularFile()) {
                try {
                  files.add(new LocalFile(name, file, sha256(file), attrs.size()));
                } catch (IOException e) {
                  unreadable.add(new UnreadableFile(name, reason(e)));
                }
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              if (!skipped(file.getFileName().toString())) {
                boolean dir = Files.isDirectory(file);
                unreadable.add(
                    new UnreadableFile(name(folder, file) + (dir ? "/" : ""), reason(e)));
              }
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new SyncFolderException(
          folder.toString(), "cannot list the folder " + folder + ": " + reason(e), e);
    }
    files.sort(Comparator.comparing(LocalFile::name));
    unreadable.sort(Comparator.comparing(UnreadableFile::name));
    return new FolderScan(files, unreadable);
  }

  /** Hidden files and folders, Office owner files and editor backups. */
  static boolean skipped(String fileName) {
    return fileName.startsWith(".") || fileName.startsWith("~$") || fileName.endsWith("~");
  }

  private static String name(Path folder, Path file) {
    Path relative = folder.relativize(file);
    return relative.toString().replace(relative.getFileSystem().getSeparator(), "/");
  }

  /** The hex SHA-256 of a file's bytes, read in blocks. */
  public static String sha256(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
    byte[] buffer = new byte[BUFFER_BYTES];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static String reason(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NoSuchFileException) {
      return "it disappeared while being read";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
