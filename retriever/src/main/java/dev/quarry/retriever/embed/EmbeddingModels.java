package dev.quarry.retriever.embed;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The embedding models indexes may be built with, by stable name: each loaded on first use and then
 * shared by every index that names it. Either the {@link BundledModel}s ({@link #bundled}), or one
 * embedder the caller already holds ({@link #of}, for tools that embed with one model only).
 * Thread-safe; {@link #close()} closes the models it loaded, never one it was given.
 */
public final class EmbeddingModels implements AutoCloseable {

  private final Map<String, EmbeddingModelInfo> known = new LinkedHashMap<>();
  private final String defaultName;
  private final EmbedderSettings settings;
  private final Map<String, Embedder> loaded = new LinkedHashMap<>();
  private final boolean owned;

  private EmbeddingModels(
      List<EmbeddingModelInfo> models, String defaultName, EmbedderSettings settings) {
    models.forEach(m -> known.put(m.name(), m));
    this.defaultName = defaultName;
    this.settings = settings;
    this.owned = settings != null;
  }

  /**
   * Every bundled model, none loaded yet.
   *
   * @param defaultModel the model of new indexes when the caller names none
   * @throws IllegalArgumentException if {@code defaultModel} is not a bundled model
   */
  public static EmbeddingModels bundled(String defaultModel, EmbedderSettings settings) {
    Objects.requireNonNull(settings, "settings");
    return new EmbeddingModels(
        Arrays.stream(BundledModel.values()).map(BundledModel::info).toList(),
        requireBundled(defaultModel),
        settings);
  }

  /** The bundled models with {@link BundledModel#DEFAULT} as the default. */
  public static EmbeddingModels bundled(EmbedderSettings settings) {
    return bundled(BundledModel.DEFAULT.modelName(), settings);
  }

  /** Just {@code embedder}, which stays the caller's to close. */
  public static EmbeddingModels of(Embedder embedder) {
    EmbeddingModels models =
        new EmbeddingModels(List.of(embedder.info()), embedder.info().name(), null);
    models.loaded.put(embedder.info().name(), embedder);
    return models;
  }

  /** The names of the models it knows, the bundled default first. */
  public List<String> names() {
    return List.copyOf(known.keySet());
  }

  /** The model of new indexes when none is named. */
  public String defaultName() {
    return defaultName;
  }

  public boolean knows(String name) {
    return known.containsKey(name);
  }

  /** Name, dimension and window of a known model, without loading it. */
  public Optional<EmbeddingModelInfo> info(String name) {
    return Optional.ofNullable(known.get(name));
  }

  /**
   * The model with that name, loaded now if no one used it yet.
   *
   * @throws IllegalArgumentException if the name is unknown (see {@link #knows})
   * @throws dev.quarry.retriever.EmbeddingModelException if it cannot be loaded
   */
  public synchronized Embedder get(String name) {
    Embedder embedder = loaded.get(name);
    if (embedder != null) {
      return embedder;
    }
    if (!knows(name)) {
      throw new IllegalArgumentException(
          "Unknown embedding model '" + name + "'; known: " + String.join(", ", names()));
    }
    embedder = BundledModel.named(name).orElseThrow().load(settings);
    loaded.put(name, embedder);
    return embedder;
  }

  /** The default model, loaded now if no one used it yet. */
  public Embedder getDefault() {
    return get(defaultName);
  }

  private static String requireBundled(String name) {
    if (BundledModel.named(name).isEmpty()) {
      throw new IllegalArgumentException(
          "Unknown embedding model '"
              + name
              + "'; the bundled ones are "
              + String.join(", ", BundledModel.names()));
    }
    return name;
  }

  @Override
  public synchronized void close() {
    if (owned) {
      loaded.values().forEach(Embedder::close);
    }
    loaded.clear();
  }
}
