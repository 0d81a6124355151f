package dev.quarry.api.engine;

import dev.quarry.api.QuarryConfig;
import dev.quarry.api.replicas.ThisServer;
import dev.quarry.api.storage.BlobStore;
import dev.quarry.api.storage.UploadTypes;
import dev.quarry.generator.AnswerGenerator;
import dev.quarry.generator.AnswerSettings;
import dev.quarry.generator.LanguageModel;
import dev.quarry.generator.OnnxLanguageModel;
import dev.quarry.generator.WhenUnavailable;
import dev.quarry.generator.grounding.SentenceEmbedder;
import dev.quarry.generator.model.ModelStore;
import dev.quarry.generator.onnx.DecoderModel;
import dev.quarry.generator.onnx.EngineOptions;
import dev.quarry.generator.onnx.ExecutionProvider;
import dev.quarry.generator.onnx.TextGenerator;
import dev.quarry.retriever.embed.Embedder;
import dev.quarry.retriever.embed.EmbedderSettings;
import dev.quarry.retriever.embed.EmbeddingModels;
import dev.quarry.retriever.index.ChunkIndexes;
import dev.quarry.retriever.index.IndexSettings;
import dev.quarry.retriever.index.IndexStore;
import dev.quarry.retriever.opensearch.OpenSearchIndexes;
import dev.quarry.retriever.opensearch.OpenSearchSettings;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Builds the library objects once per process: the embedding model, the index store, the blob store
 * and the answer generator. The libraries know nothing of CDI; this is where they meet it.
 */
@ApplicationScoped
public class Engines {

  /**
   * The bundled embedding models, each loaded when a knowledge base first needs it.
   *
   * @throws IllegalStateException if {@code quarry.index.embedding-model} names none of them
   */
  @Produces
  @Singleton
  EmbeddingModels embeddingModels(QuarryConfig config) {
    try {
      EmbeddingModels models =
          EmbeddingModels.bundled(config.index().embeddingModel(), EmbedderSettings.defaults());
      Log.infof(
          "Embedding models: %s; new knowledge bases use %s",
          String.join(", ", models.names()), models.defaultName());
      return models;
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("quarry.index.embedding-model: " + e.getMessage(), e);
    }
  }

  void closeEmbeddingModels(@Disposes EmbeddingModels models) {
    models.close();
  }

  /**
   * The default embedding model, loaded at start: it also embeds the sentences of answers for
   * grounding. Closed with {@link EmbeddingModels}.
   */
  @Produces
  @Singleton
  Embedder embedder(EmbeddingModels models) {
    return models.getDefault();
  }

  /** The knowledge bases' indexes, on the engine {@code quarry.index.backend} names. */
  @Produces
  @Singleton
  ChunkIndexes indexes(QuarryConfig config, EmbeddingModels models) {
    ChunkIndexes indexes =
        switch (config.index().backend()) {
          case EMBEDDED ->
              new IndexStore(config.dataDir().resolve("indexes"), IndexSettings.defaults(), models);
          case OPENSEARCH ->
              new OpenSearchIndexes(openSearch(config), IndexSettings.defaults(), models);
        };
    Log.infof("Indexes: %s", indexes.location());
    return indexes;
  }

  /**
   * @throws IllegalStateException naming the setting that is wrong, so a bad value stops the start
   */
  static OpenSearchSettings openSearch(QuarryConfig config) {
    QuarryConfig.OpenSearch os = config.opensearch();
    List<URI> hosts =
        os.hosts()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "quarry.index.backend=opensearch needs quarry.opensearch.hosts, the"
                            + " cluster's HTTP addresses (http://host:9200,...)"));
    try {
      return new OpenSearchSettings(
          hosts,
          os.username().orElse(null),
          os.password().orElse(null),
          os.shards(),
          os.replicas(),
          os.indexPrefix(),
          os.timeout(),
          os.caCertificate().orElse(null),
          os.derivedSource());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("quarry.opensearch: " + e.getMessage(), e);
    }
  }

  void closeIndexes(@Disposes ChunkIndexes indexes) {
    indexes.close();
  }

  @Produces
  @Singleton
  BlobStore blobStore(QuarryConfig config, ThisServer server) {
    return new BlobStore(config.dataDir().resolve("blobs"), server.id());
  }

  @Produces
  @Singleton
  UploadTypes uploadTypes(Pipelines pipelines) {
    return new UploadTypes(pipelines.ocrRuns());
  }

  @Produces
  @Singleton
  Optional<TextGenerator> textGenerator(QuarryConfig config) {
    if (config.generator().backend() == QuarryConfig.Backend.OPENAI) {
      return Optional.empty(); // answers come from the server: no model is loaded here
    }
    if (config.generator().model().isEmpty()) {
      Log.info(
          "No generator model configured (quarry.generator.model): answers are extractive. Add one"
              + " with ./quarry models pull <hf-repo>.");
      return Optional.empty();
    }
    String name = config.generator().model().get();
    Path path = new ModelStore(config.dataDir()).path(name);
    if (!Files.isDirectory(path)) {
      throw new IllegalStateException(
          "quarry.generator.model is '"
              + name
              + "' but "
              + path
              + " does not exist; run ./quarry models list to see the installed models.");
    }
    ExecutionProvider provider =
        ExecutionProvider.valueOf(config.generator().provider().toUpperCase(Locale.ROOT));
    DecoderModel model =
        DecoderModel.load(
            path, EngineOptions.DEFAULT.withProvider(provider, config.generator().deviceId()));
    Log.infof("Generator model %s loaded from %s on %s", name, path, model.provider());
    return Optional.of(new TextGenerator(model));
  }

  void closeGenerator(@Disposes Optional<TextGenerator> generator) {
    generator.ifPresent(g -> g.model().close());
  }

  @Produces
  @Singleton
  SentenceEmbedder sentenceEmbedder(Embedder embedder) {
    return new CachingSentenceEmbedder(embedder);
  }

  @Produces
  @Singleton
  AnswerGenerator answerGenerator(
      Optional<TextGenerator> generator, SentenceEmbedder sentences, QuarryConfig config) {
    AnswerSettings defaults = AnswerSettings.DEFAULT;
    AnswerSettings settings =
        new AnswerSettings(
            config.generator().maxAnswerTokens(),
            defaults.sampling(),
            defaults.instruction(),
            config.answers().minEvidence(),
            config.answers().maxSentences());
    boolean remote = config.generator().backend() == QuarryConfig.Backend.OPENAI;
    Optional<LanguageModel> model =
        remote
            ? Optional.of(RemoteModels.openAi(config.generator().openai()))
            : generator.map(OnnxLanguageModel::new);
    WhenUnavailable whenUnavailable =
        remote ? config.generator().openai().onUnavailable() : WhenUnavailable.FAIL;
    Log.infof(
        "Answers: %s, min-evidence %.2f, at most %d extractive sentences",
        remote
            ? "written by the " + model.get() + " (when unavailable: " + whenUnavailable + ")"
            : generator.isPresent() ? "generated in process" : "extractive",
        settings.minEvidence(),
        settings.maxSentences());
    return new AnswerGenerator(model, sentences, settings, whenUnavailable);
  }
}
