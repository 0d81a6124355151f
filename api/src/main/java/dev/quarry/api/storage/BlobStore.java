package dev.quarry.api.storage;

import dev.quarry.api.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Content-addressed files: {@code <root>/<sha256>}. A blob is streamed to a temporary file while it
 * is hashed, fsynced, then renamed to its hash and the directory fsynced, so once {@link #put}
 * returns the bytes survive a crash. Identical uploads share one blob. Thread-safe.
 */
public final class BlobStore {

  /** What {@link #put} stored. */
  public record Stored(String sha256, long size) {}

  private final Path root;

  /** Where this server's uploads are written until their hash is known. */
  private final Path incoming;

  /**
   * @param root the blob directory, which several servers may share
   * @param server this server's id: its partial uploads go to {@code incoming/<server>/}, so that
   *     another server's start-up clears only the uploads of servers that are gone
   */
  public BlobStore(Path root, String server) {
    this.root = root;
    this.incoming = root.resolve("incoming").resolve(server);
    try {
      Files.createDirectories(incoming);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the blob directory " + root, e);
    }
  }

  /**
   * Streams {@code in} into the store, refusing more than {@code maxBytes}.
   *
   * @throws ApiException 413 when the content is larger than {@code maxBytes}
   */
  public Stored put(InputStream in, long maxBytes, String nameForMessages) throws IOException {
    Path tmp = Files.createTempFile(incoming, "upload-", ".part");
    try {
      MessageDigest sha = sha256();
      long size = 0;
      try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE);
          OutputStream out =
              new DigestOutputStream(java.nio.channels.Channels.newOutputStream(channel), sha)) {
        byte[] buffer = new byte[64 * 1024];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
          size += n;
          if (size > maxBytes) {
            throw ApiException.tooLarge(
                "'"
                    + nameForMessages
                    + "' is larger than the limit of "
                    + maxBytes
                    + " bytes (quarry.limits.max-file-bytes).");
          }
          out.write(buffer, 0, n);
        }
        out.flush();
        channel.force(true);
      }
      String hash = HexFormat.of().formatHex(sha.digest());
      Path target = path(hash);
      if (Files.exists(target)) {
        Files.delete(tmp);
      } else {
        try {
          Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        fsyncDirectory(root);
      }
      return new Stored(hash, size);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** The file of a blob (it may not exist). */
  public Path path(String sha256) {
    if (!sha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("not a SHA-256: " + sha256);
    }
    return root.resolve(sha256);
  }

  public void delete(String sha256) {
    try {
      Files.deleteIfExists(path(sha256));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete blob " + sha256, e);
    }
  }

  /** The hashes of every stored blob. */
  public Set<String> list() {
    try (Stream<Path> files = Files.list(root)) {
      Set<String> hashes = new TreeSet<>();
      files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.matches("[0-9a-f]{64}"))
          .forEach(hashes::add);
      return hashes;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + root, e);
    }
  }

  /**
   * Removes partial uploads that servers no longer running left behind (a crash, a kill).
   *
   * @param running the ids of the servers still running (this one included), whose uploads in
   *     progress are left alone
   * @return how many files were removed
   */
  public int clearIncoming(Set<String> running) {
    Path all = incoming.getParent();
    try (Stream<Path> entries = Files.list(all)) {
      int n = 0;
      for (Path p : entries.toList()) {
        if (Files.isDirectory(p) && running.contains(p.getFileName().toString())) {
          continue;
        }
        n += deleteTree(p);
      }
      return n;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot clear " + all, e);
    }
  }

  /** Deletes a file or a folder with its files; returns how many files. */
  private static int deleteTree(Path p) throws IOException {
    if (!Files.isDirectory(p)) {
      return Files.deleteIfExists(p) ? 1 : 0;
    }
    int n = 0;
    try (Stream<Path> files = Files.list(p)) {
      for (Path f : files.toList()) {
        n += deleteTree(f);
      }
    }
    Files.deleteIfExists(p);
    return n;
  }

  public Path root() {
    return root;
  }

  private static void fsyncDirectory(Path dir) {
    // Makes the rename durable. Not every platform can open a directory; there the rename is
    // as durable as the file system makes it.
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // ignored on purpose: see above
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
