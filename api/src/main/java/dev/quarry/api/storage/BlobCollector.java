package dev.quarry.api.storage;

import dev.quarry.api.catalogue.CatalogueLocks;
import dev.quarry.api.catalogue.DocumentVersion;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The one rule for removing stored files: a blob is deleted when no document version refers to it.
 * Used by document deletion, knowledge base deletion, failed uploads and start-up reconciliation.
 *
 * <p>Identical uploads share a blob, so an upload that stores bytes another request is about to
 * collect must not lose them: {@link #whileHeld} and {@link #deleteIfUnused} take the same lock per
 * blob, so the check "no version refers to it" and the delete happen either wholly before an upload
 * records its version or wholly after. Thread-safe. On PostgreSQL the lock is also a PostgreSQL
 * advisory lock, so servers sharing the catalogue and the blob directory exclude each other the
 * same way.
 */
@ApplicationScoped
public class BlobCollector {

  private static final int STRIPES = 64;

  @Inject BlobStore blobs;
  @Inject CatalogueLocks serverLocks;

  private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

  public BlobCollector() {
    for (int i = 0; i < STRIPES; i++) {
      locks[i] = new ReentrantLock();
    }
  }

  /**
   * Runs {@code action} (typically: make sure the blob exists, then commit a version that refers to
   * it) while no collection of {@code sha256} can run.
   */
  public <T> T whileHeld(String sha256, Supplier<T> action) {
    return whileHeld(Set.of(sha256), action);
  }

  /**
   * Runs {@code action} while no collection of any of the blobs can run (an upload of several files
   * recorded in one transaction). The locks are taken in ascending order, here and on the
   * catalogue, so two such uploads never wait on each other in a cycle.
   */
  public <T> T whileHeld(Set<String> sha256s, Supplier<T> action) {
    int[] stripes =
        sha256s.stream().mapToInt(BlobCollector::stripeOf).distinct().sorted().toArray();
    int locked = 0;
    try {
      for (int stripe : stripes) {
        locks[stripe].lock();
        locked++;
      }
      Set<Integer> keys = sha256s.stream().map(CatalogueLocks::keyOf).collect(Collectors.toSet());
      return serverLocks.whileHeld(CatalogueLocks.BLOBS, keys, action);
    } finally {
      for (int i = locked - 1; i >= 0; i--) {
        locks[stripes[i]].unlock();
      }
    }
  }

  /**
   * Deletes the blob unless a document version refers to it.
   *
   * @return whether it was deleted (false when in use or already absent)
   */
  public boolean deleteIfUnused(String sha256) {
    return whileHeld(
        sha256,
        () -> {
          boolean used =
              QuarkusTransaction.requiringNew().call(() -> DocumentVersion.blobInUse(sha256));
          if (used || !java.nio.file.Files.exists(blobs.path(sha256))) {
            return false;
          }
          blobs.delete(sha256);
          return true;
        });
  }

  /**
   * Deletes every stored blob no version refers to.
   *
   * @return how many were deleted
   */
  public int deleteAllUnused() {
    int n = 0;
    for (String sha : blobs.list()) {
      if (deleteIfUnused(sha)) {
        n++;
      }
    }
    return n;
  }

  private static int stripeOf(String sha256) {
    return Math.floorMod(sha256.hashCode(), STRIPES);
  }
}
