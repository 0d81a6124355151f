package dev.quarry.api.catalogue;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Locks that every server on a PostgreSQL catalogue respects: PostgreSQL session advisory locks,
 * each named by a space (what is locked: blobs, folder polls) and a key within it, held on a
 * connection of their own while an action runs. On H2 (one server) they are no-ops: callers keep
 * their in-process locks for the threads of this server.
 */
@ApplicationScoped
public class CatalogueLocks {

  /** The advisory locks' first key for blobs ({@code "QBSB"}). */
  public static final int BLOBS = 0x51425342;

  /** The advisory locks' first key for folder polls ({@code "QFLD"}). */
  public static final int FOLDERS = 0x51464c44;

  @Inject AgroalDataSource dataSource;
  @Inject CatalogueDatabase database;

  /** Runs {@code action} once no other server holds the lock, then releases it. */
  public <T> T whileHeld(int space, int key, Supplier<T> action) {
    return whileHeld(space, Set.of(key), action);
  }

  /**
   * Runs {@code action} once no other server holds any of the locks, then releases them. They are
   * taken on one connection in ascending order of key, so two servers each taking several never
   * wait on each other in a cycle.
   */
  public <T> T whileHeld(int space, Set<Integer> keys, Supplier<T> action) {
    if (!database.isPostgres() || keys.isEmpty()) {
      return action.get();
    }
    List<Integer> ordered = keys.stream().sorted().toList();
    try (Connection c = dataSource.getConnection()) {
      List<Integer> held = new ArrayList<>();
      try {
        for (int key : ordered) {
          call(c, "SELECT pg_advisory_lock(?, ?)", space, key);
          held.add(key);
        }
        return action.get();
      } finally {
        for (int key : held) {
          call(c, "SELECT pg_advisory_unlock(?, ?)", space, key);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot take a lock in the catalogue", e);
    }
  }

  /** Runs {@code action} when no other server holds the lock; empty when one does. */
  public <T> Optional<T> ifFree(int space, int key, Supplier<T> action) {
    if (!database.isPostgres()) {
      return Optional.ofNullable(action.get());
    }
    try (Connection c = dataSource.getConnection()) {
      if (!call(c, "SELECT pg_try_advisory_lock(?, ?)", space, key)) {
        return Optional.empty();
      }
      try {
        return Optional.ofNullable(action.get());
      } finally {
        call(c, "SELECT pg_advisory_unlock(?, ?)", space, key);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot take a lock in the catalogue", e);
    }
  }

  /** A key for a text (a hash, a name). */
  public static int keyOf(String text) {
    return text.hashCode();
  }

  private static boolean call(Connection c, String sql, int space, int key) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setInt(1, space);
      s.setInt(2, key);
      try (ResultSet r = s.executeQuery()) {
        // pg_advisory_lock returns nothing (void), pg_try_advisory_lock false when taken
        return r.next() && !Boolean.FALSE.equals(r.getObject(1));
      }
    }
  }
}
