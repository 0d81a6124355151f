package dev.quarry.retriever.index;

import dev.quarry.retriever.IndexNotFoundException;
import dev.quarry.retriever.IndexUnavailableException;
import dev.quarry.retriever.RetrieverException;
import dev.quarry.retriever.embed.Embedder;
import dev.quarry.retriever.embed.EmbeddingModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.lucene.util.IOUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The knowledge bases' indexes under one directory ({@code <data>/indexes/<kb>/}), each opened at
 * most once per process: Lucene allows one writer per index, so everyone in the process shares the
 * same {@link KnowledgeIndex}. Thread-safe.
 */
public final class IndexStore implements ChunkIndexes {

  private static final Logger LOG = LoggerFactory.getLogger(IndexStore.class);

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

  /**
   * The folder, under the store's root, where {@link #staging()} builds the indexes that will
   * replace knowledge bases' own; its name is no knowledge base's, so {@link #list} never shows it.
   */
  public static final String STAGING = ".reindex";

  private static final String REPLACED = ".replaced";

  private final Path root;
  private final IndexSettings settings;
  private final EmbeddingModels models;
  private final Map<String, KnowledgeIndex> open = new HashMap<>();

  /**
   * @param root the directory holding one sub-directory per knowledge base
   * @param settings settings of newly created indexes (existing ones keep their own)
   * @param models the models indexes may be built with: an existing index embeds with the one its
   *     manifest names, a new one with the one its creator names
   */
  public IndexStore(Path root, IndexSettings settings, EmbeddingModels models) {
    this.root = Objects.requireNonNull(root, "root");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.models = Objects.requireNonNull(models, "models");
  }

  /**
   * A store whose indexes all embed with {@code embedder} (an index built with another model is
   * refused on open).
   */
  public IndexStore(Path root, IndexSettings settings, Embedder embedder) {
    this(root, settings, EmbeddingModels.of(Objects.requireNonNull(embedder, "embedder")));
  }

  /**
   * The index of an existing knowledge base.
   *
   * @throws RetrieverException if no knowledge base has that name (the message lists those that
   *     exist), or the index cannot be opened
   */
  public synchronized KnowledgeIndex open(String kb) {
    KnowledgeIndex index = open.get(requireValidName(kb));
    if (index != null) {
      return index;
    }
    finishPromotion(kb);
    if (!Files.isDirectory(root.resolve(kb))) {
      List<String> known = list();
      throw new IndexNotFoundException(
          "Unknown knowledge base '"
              + kb
              + "' in "
              + root
              + (known.isEmpty()
                  ? " (there are none yet; ingest documents to create one)."
                  : ". Known knowledge bases: " + String.join(", ", known) + "."),
          root.resolve(kb));
    }
    return openOrCreate(kb);
  }

  /** {@link #openOrCreate(String, String)} with the default model for a new index. */
  @Override
  public KnowledgeIndex openOrCreate(String kb) {
    return openOrCreate(kb, models.defaultName());
  }

  /**
   * The index of a knowledge base, created empty with {@code model} when it does not exist yet; an
   * existing one embeds with the model its manifest names. An index found closed (its writer failed
   * for good, e.g. on a full disk) is opened again, so that a later attempt can succeed once the
   * cause is gone.
   *
   * @throws RetrieverException if the index cannot be opened (locked, damaged, or built with a
   *     model this store does not have)
   */
  @Override
  public synchronized KnowledgeIndex openOrCreate(String kb, String model) {
    KnowledgeIndex stale = open.get(requireValidName(kb));
    if (stale != null && !stale.isOpen()) {
      open.remove(kb);
      try {
        stale.close(); // releases what the failed writer left open
      } catch (RetrieverException e) {
        LOG.warn("Closing the failed index of {} before reopening it failed", kb, e);
      }
    }
    if (!open.containsKey(kb)) {
      finishPromotion(kb);
    }
    // An existing index keeps the analyser and vector format it was built with; the store's
    // settings apply to new knowledge bases.
    return open.computeIfAbsent(
        requireValidName(kb),
        name -> {
          Path dir = root.resolve(name);
          Optional<IndexManifest> recorded = KnowledgeIndex.recordedManifest(dir);
          IndexSettings own =
              recorded.map(m -> new IndexSettings(m.analyzer(), m.vectorFormat())).orElse(settings);
          String wanted = recorded.map(IndexManifest::model).orElse(model);
          // Built with a model the store lacks: the default refuses it with the re-index advice.
          Embedder embedder =
              recorded.isPresent() && !models.knows(wanted)
                  ? models.getDefault()
                  : models.get(wanted);
          return KnowledgeIndex.open(dir, own, embedder);
        });
  }

  @Override
  public synchronized List<String> list() {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> dirs = Files.list(root)) {
      List<String> names = new ArrayList<>();
      dirs.filter(Files::isDirectory)
          .map(p -> p.getFileName().toString())
          .filter(n -> NAME.matcher(n).matches())
          .sorted()
          .forEach(names::add);
      return names;
    } catch (IOException e) {
      throw new IndexUnavailableException("Cannot list " + root + ": " + e, root, e);
    }
  }

  @Override
  public synchronized void delete(String kb) {
    KnowledgeIndex index = open.remove(requireValidName(kb));
    if (index != null) {
      index.close();
    }
    Path dir = root.resolve(kb);
    if (!Files.exists(dir)) {
      return;
    }
    try {
      deleteTree(dir);
    } catch (IOException e) {
      throw new IndexUnavailableException("Cannot delete the index at " + dir + ": " + e, dir, e);
    }
  }

  /** Whether {@code kb} has an index in this store (after finishing an interrupted promotion). */
  public synchronized boolean exists(String kb) {
    if (open.containsKey(requireValidName(kb))) {
      return true;
    }
    finishPromotion(kb);
    return Files.isDirectory(root.resolve(kb));
  }

  /**
   * The store in which a knowledge base's next index is built while its current one stays as it is
   * ({@code <root>/.reindex/<kb>/}), with the same settings and models; {@link #promote} makes such
   * an index the knowledge base's own. The caller closes it.
   */
  public IndexStore staging() {
    return new IndexStore(root.resolve(STAGING), settings, models);
  }

  /**
   * Makes the index {@code staging} built for {@code kb} the knowledge base's own, replacing the
   * current one (if any), which is deleted. Both are closed first. Two renames: the current index
   * moves aside, the staged one into its place, each made durable before the next step; a crash
   * between them is finished by the next {@link #open}, {@link #openOrCreate} or {@link #exists} of
   * {@code kb}, so the knowledge base is always either wholly the old index or wholly the new.
   *
   * @throws IndexNotFoundException if {@code staging} has no index for {@code kb}
   * @throws IndexUnavailableException if a rename fails (nothing is lost: the next open finishes or
   *     undoes it)
   */
  public synchronized void promote(String kb, IndexStore staging) {
    requireValidName(kb);
    Path next = staging.root().resolve(kb);
    if (!Files.isDirectory(next)) {
      throw new IndexNotFoundException(
          "No index of " + kb + " is being built in " + staging.root(), next);
    }
    staging.closeIndex(kb);
    closeIndex(kb);
    Path live = root.resolve(kb);
    Path replaced = replacedDir(kb);
    try {
      if (Files.exists(replaced)) {
        deleteTree(replaced); // left by an earlier promotion that did not finish its clean-up
      }
      if (Files.isDirectory(live)) {
        Files.move(live, replaced, StandardCopyOption.ATOMIC_MOVE);
        IOUtils.fsync(root, true);
        IOUtils.fsync(replaced.getParent(), true);
      }
      Files.move(next, live, StandardCopyOption.ATOMIC_MOVE);
      IOUtils.fsync(root, true);
      IOUtils.fsync(next.getParent(), true);
      if (Files.exists(replaced)) {
        deleteTree(replaced);
      }
    } catch (IOException e) {
      throw new IndexUnavailableException(
          "Cannot put the re-built index of " + kb + " in place of " + live + ": " + e, live, e);
    }
    LOG.info("The index of {} was replaced by the one built in {}", kb, staging.root());
  }

  /** Closes {@code kb}'s index if this store has it open; the next open reopens it. */
  public synchronized void closeIndex(String kb) {
    KnowledgeIndex index = open.remove(requireValidName(kb));
    if (index != null) {
      index.close();
    }
  }

  /**
   * Finishes a {@link #promote} that stopped between its two renames: the staged index goes into
   * place when the knowledge base's own is missing (it was moved aside, so the staged one was
   * complete), and the moved-aside index is deleted once one is in place.
   */
  private void finishPromotion(String kb) {
    Path replaced = replacedDir(kb);
    if (!Files.exists(replaced)) {
      return;
    }
    Path live = root.resolve(kb);
    Path next = root.resolve(STAGING).resolve(kb);
    try {
      if (!Files.exists(live)) {
        Path back = Files.isDirectory(next) ? next : replaced;
        LOG.warn("Finishing the interrupted replacement of the index of {} with {}", kb, back);
        Files.move(back, live, StandardCopyOption.ATOMIC_MOVE);
        IOUtils.fsync(root, true);
      }
      if (Files.exists(replaced)) {
        deleteTree(replaced);
      }
    } catch (IOException e) {
      throw new IndexUnavailableException(
          "Cannot finish the interrupted replacement of " + live + ": " + e, live, e);
    }
  }

  private Path replacedDir(String kb) {
    return root.resolve(STAGING).resolve(kb + REPLACED);
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /**
   * @throws IllegalArgumentException unless the name is 1–64 letters, digits, '-' or '_'
   */
  public static String requireValidName(String kb) {
    if (kb == null || !NAME.matcher(kb).matches()) {
      throw new IllegalArgumentException(
          "Invalid knowledge base name '"
              + kb
              + "': use 1 to 64 letters, digits, '-' or '_', starting with a letter or digit.");
    }
    return kb;
  }

  public Path root() {
    return root;
  }

  @Override
  public Optional<String> problem() {
    Path parent = root.toAbsolutePath().getParent();
    boolean writable =
        Files.isDirectory(root)
            ? Files.isWritable(root)
            : parent != null && Files.isWritable(parent);
    return writable ? Optional.empty() : Optional.of(root + " is not writable");
  }

  @Override
  public String location() {
    return root.toString();
  }

  @Override
  public synchronized void close() {
    RetrieverException failure = null;
    for (KnowledgeIndex index : open.values()) {
      try {
        index.close();
      } catch (RetrieverException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    open.clear();
    if (failure != null) {
      throw failure;
    }
  }
}
