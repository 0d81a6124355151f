package dev.quarry.retriever.index;

import dev.quarry.retriever.IndexNotFoundException;
import dev.quarry.retriever.IndexUnavailableException;
import dev.quarry.retriever.RetrieverException;
import dev.quarry.retriever.embed.Embedder;
import dev.quarry.retriever.embed.EmbeddingModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
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
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new IndexUnavailableException("Cannot delete the index at " + dir + ": " + e, dir, e);
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
