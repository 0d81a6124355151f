package dev.quarry.ingestion.sync;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a sync does to make a knowledge base hold what a folder holds, computed from a {@link
 * FolderScan} and the knowledge base's documents:
 *
 * <ol>
 *   <li>a file whose name is a document's, with other bytes: {@link Update} (a new version);
 *   <li>a file whose name no document has, with the bytes of a document whose file is gone: {@link
 *       Rename} (same id, history and index, new name); documents and files are paired in name
 *       order, each used once;
 *   <li>any other file whose name no document has: {@link Add};
 *   <li>a document whose file is gone and was not renamed: {@link Delete}, unless its file (or a
 *       folder above it) could not be read, in which case it is kept;
 *   <li>a file with the same name and bytes as its document: unchanged.
 * </ol>
 *
 * <p>Carry it out in the order of the lists (renames, updates, adds, then deletes), so that a run
 * stopped halfway has removed nothing it was about to replace. Every list is sorted by name.
 *
 * @param renames documents whose file moved, bytes unchanged
 * @param updates documents whose file changed
 * @param adds files new to the knowledge base
 * @param deletes documents whose file is gone
 * @param unchanged names of files that match their document
 * @param unreadable files and folders that could not be read; their documents are kept
 */
public record SyncPlan(
    List<Rename> renames,
    List<Update> updates,
    List<Add> adds,
    List<Delete> deletes,
    List<String> unchanged,
    List<UnreadableFile> unreadable) {

  /** A file new to the knowledge base. */
  public record Add(LocalFile file) {}

  /** A document whose file has other bytes now. */
  public record Update(KnownDocument document, LocalFile file) {}

  /** A document whose file now has another name, with the same bytes. */
  public record Rename(KnownDocument document, LocalFile file) {
    /** The name the document gets. */
    public String to() {
      return file.name();
    }
  }

  /** A document whose file is gone. */
  public record Delete(KnownDocument document) {}

  public SyncPlan {
    renames = List.copyOf(renames);
    updates = List.copyOf(updates);
    adds = List.copyOf(adds);
    deletes = List.copyOf(deletes);
    unchanged = List.copyOf(unchanged);
    unreadable = List.copyOf(unreadable);
  }

  /**
   * The plan that makes {@code documents} match {@code folder}.
   *
   * @param documents the knowledge base's documents; names are unique
   */
  public static SyncPlan between(FolderScan folder, Collection<KnownDocument> documents) {
    Objects.requireNonNull(folder, "folder");
    Map<String, KnownDocument> byName = new HashMap<>();
    for (KnownDocument d : documents) {
      byName.put(d.name(), d);
    }
    List<Update> updates = new ArrayList<>();
    List<String> unchanged = new ArrayList<>();
    List<LocalFile> newcomers = new ArrayList<>();
    for (LocalFile f : folder.files()) {
      KnownDocument d = byName.remove(f.name());
      if (d == null) {
        newcomers.add(f);
      } else if (d.sha256().equals(f.sha256())) {
        unchanged.add(f.name());
      } else {
        updates.add(new Update(d, f));
      }
    }
    // What is left in byName has no file of its name: renamed, unreadable or removed.
    Map<String, Deque<KnownDocument>> orphansBySha = new LinkedHashMap<>();
    byName.values().stream()
        .filter(d -> !unreadable(d.name(), folder.unreadable()))
        .sorted(Comparator.comparing(KnownDocument::name))
        .forEach(d -> orphansBySha.computeIfAbsent(d.sha256(), s -> new ArrayDeque<>()).add(d));
    List<Rename> renames = new ArrayList<>();
    List<Add> adds = new ArrayList<>();
    for (LocalFile f : newcomers) {
      Deque<KnownDocument> same = orphansBySha.get(f.sha256());
      if (same != null && !same.isEmpty()) {
        renames.add(new Rename(same.removeFirst(), f));
      } else {
        adds.add(new Add(f));
      }
    }
    List<Delete> deletes =
        orphansBySha.values().stream()
            .flatMap(Collection::stream)
            .sorted(Comparator.comparing(KnownDocument::name))
            .map(Delete::new)
            .toList();
    return new SyncPlan(renames, updates, adds, deletes, unchanged, folder.unreadable());
  }

  /** Whether the plan changes nothing. */
  public boolean isEmpty() {
    return renames.isEmpty() && updates.isEmpty() && adds.isEmpty() && deletes.isEmpty();
  }

  /** How many changes the plan makes. */
  public int changes() {
    return renames.size() + updates.size() + adds.size() + deletes.size();
  }

  /** One line per change, as a dry run prints them: {@code ADD name}, {@code RENAME a -> b}, … */
  public List<String> describe() {
    List<String> lines = new ArrayList<>();
    renames.forEach(r -> lines.add("RENAME  " + r.document().name() + " -> " + r.to()));
    updates.forEach(u -> lines.add("UPDATE  " + u.file().name()));
    adds.forEach(a -> lines.add("ADD     " + a.file().name()));
    deletes.forEach(d -> lines.add("DELETE  " + d.document().name()));
    unreadable.forEach(
        u -> lines.add("SKIP    " + u.name() + " (cannot read: " + u.reason() + ")"));
    return lines;
  }

  /** A document named {@code name} is kept when its file, or a folder above it, is unreadable. */
  private static boolean unreadable(String name, List<UnreadableFile> unreadable) {
    for (UnreadableFile u : unreadable) {
      if (u.name().equals(name) || (u.name().endsWith("/") && name.startsWith(u.name()))) {
        return true;
      }
    }
    return false;
  }
}
