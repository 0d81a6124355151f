package dev.quarry.retriever.embed;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.quarry.retriever.EmbeddingModelException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.lang3.concurrent.BasicThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A BERT-style bi-encoder (bge, e5, MiniLM) run by ONNX Runtime, one text per call by default.
 *
 * <p>Texts are embedded by {@link EmbedderSettings#workers()} single-threaded calls at once, each
 * holding {@link EmbedderSettings#batchSize()} texts: one by default, because the bundled int8
 * model's vectors change when texts share a padded batch (see {@link EmbedderSettings}). With a
 * larger batch size, texts are sorted by length and packed into batches of similar length, so
 * padding stays small. Pooling ({@link Pooling}) and the query instruction follow the model's card
 * ({@link BundledModel}); vectors are L2-normalised. Thread-safe: ONNX Runtime sessions and DJL
 * tokenizers may be shared between threads.
 */
public final class OnnxBertEmbedder implements Embedder {

  private static final Logger LOG = LoggerFactory.getLogger(OnnxBertEmbedder.class);

  private static final AtomicInteger POOL_IDS = new AtomicInteger();

  private final ExecutorService pool;
  private final EmbeddingModelInfo info;
  private final Pooling pooling;
  private final String queryInstruction;
  private final EmbedderSettings settings;
  private final int batchSize;
  private final OrtEnvironment env;
  private final OrtSession session;

  /**
   * Queries come one at a time and wait for their answer, so they get their own session that
   * spreads one call over every core (a SciFact query: about 12 ms on one thread, 8 on two).
   */
  private final OrtSession querySession;

  private final boolean needsTokenTypes;
  private final HuggingFaceTokenizer encoder;
  private final HuggingFaceTokenizer counter;

  /**
   * @param info the model's name, dimension and window
   * @param model the ONNX model file's bytes
   * @param tokenizerJson the model's {@code tokenizer.json}
   * @param pooling how token vectors become the text's vector, as the model was trained
   * @param queryInstruction text put in front of queries (empty for none)
   * @param settings workers, threads and batch size
   * @throws EmbeddingModelException if the model or tokenizer cannot be loaded
   */
  public OnnxBertEmbedder(
      EmbeddingModelInfo info,
      byte[] model,
      InputStream tokenizerJson,
      Pooling pooling,
      String queryInstruction,
      EmbedderSettings settings) {
    this.info = Objects.requireNonNull(info, "info");
    this.pooling = Objects.requireNonNull(pooling, "pooling");
    this.queryInstruction = Objects.requireNonNull(queryInstruction, "queryInstruction");
    this.settings = settings;
    this.batchSize = settings.batchSize();
    int poolId = POOL_IDS.incrementAndGet();
    this.pool =
        Executors.newFixedThreadPool(
            settings.workers(),
            BasicThreadFactory.builder()
                .namingPattern("quarry-embed-" + poolId + "-%d")
                .daemon(true)
                .build());
    try {
      byte[] tokenizerBytes = tokenizerJson.readAllBytes();
      this.encoder =
          HuggingFaceTokenizer.newInstance(
              new ByteArrayInputStream(tokenizerBytes),
              Map.of(
                  "truncation", "true",
                  "maxLength", Integer.toString(info.maxTokens()),
                  "padding", "false",
                  "addSpecialTokens", "true"));
      this.counter =
          HuggingFaceTokenizer.newInstance(
              new ByteArrayInputStream(tokenizerBytes),
              Map.of("truncation", "false", "padding", "false", "addSpecialTokens", "false"));
      this.env = OrtEnvironment.getEnvironment();
      OrtSession.SessionOptions options = new OrtSession.SessionOptions();
      options.setIntraOpNumThreads(settings.intraOpThreads());
      options.setInterOpNumThreads(1);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      this.session = env.createSession(model, options);
      OrtSession.SessionOptions queryOptions = new OrtSession.SessionOptions();
      queryOptions.setIntraOpNumThreads(settings.workers() * settings.intraOpThreads());
      queryOptions.setInterOpNumThreads(1);
      queryOptions.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      // The search runs right after a query's embedding, on the same cores: ONNX Runtime's idle
      // threads stop spinning as soon as the call returns, instead of spinning on beside the
      // search (5 ms of a million-chunk search on 2 cores; docs/benchmarks.md, "Spinning threads
      // after the query embedding"). They still spin during the call, which keeps it fast.
      queryOptions.addConfigEntry("session.force_spinning_stop", "1");
      this.querySession = env.createSession(model, queryOptions);
      this.needsTokenTypes = session.getInputNames().contains("token_type_ids");
    } catch (IOException | OrtException e) {
      throw new EmbeddingModelException(
          "Cannot load embedding model " + info.name() + ": " + e, null, e);
    }
    LOG.info(
        "Embedding model {} loaded: dimension {}, window {} tokens, {} pooling, {}",
        info.name(),
        info.dimension(),
        info.maxTokens(),
        pooling,
        settings);
  }

  /**
   * bge-small-en-v1.5, int8-quantized, from the LangChain4j jar on the class path, with {@link
   * EmbedderSettings#defaults()}.
   */
  public static OnnxBertEmbedder bgeSmallEnV15() {
    return bgeSmallEnV15(EmbedderSettings.defaults());
  }

  /** bge-small-en-v1.5 (int8) with the given settings. */
  public static OnnxBertEmbedder bgeSmallEnV15(EmbedderSettings settings) {
    return BundledModel.BGE_SMALL_EN_V15_Q.load(settings);
  }

  public EmbedderSettings settings() {
    return settings;
  }

  @Override
  public EmbeddingModelInfo info() {
    return info;
  }

  @Override
  public int countTokens(String text) {
    return counter.encode(text).getIds().length;
  }

  @Override
  public int maxContentTokens() {
    return info.maxTokens() - 2; // [CLS] and [SEP]
  }

  @Override
  public List<float[]> embedPassages(List<String> texts) {
    for (int i = 0; i < texts.size(); i++) {
      requireText(texts.get(i), "passage " + i);
    }
    if (texts.isEmpty()) {
      return List.of();
    }
    Encoding[] encodings = encoder.batchEncode(texts);
    Integer[] order = new Integer[encodings.length];
    Arrays.setAll(order, i -> i);
    // Longest first, so each batch holds texts of similar length and padding stays small.
    Arrays.sort(order, Comparator.comparingInt((Integer i) -> -encodings[i].getIds().length));
    float[][] vectors = new float[encodings.length][];
    List<Future<?>> futures = new ArrayList<>();
    int from = 0;
    while (from < order.length) {
      int longest = encodings[order[from]].getIds().length;
      int to = Math.min(order.length, from + batchSize);
      Integer[] rows = Arrays.copyOfRange(order, from, to);
      futures.add(
          pool.submit(
              () -> {
                float[][] batch = run(session, encodings, rows, longest);
                for (int j = 0; j < batch.length; j++) {
                  vectors[rows[j]] = batch[j];
                }
              }));
      from = to;
    }
    for (var f : futures) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new EmbeddingModelException("Interrupted while embedding", null, e);
      } catch (ExecutionException e) {
        throw e.getCause() instanceof RuntimeException r
            ? r
            : new EmbeddingModelException("Embedding failed: " + e.getCause(), null, e);
      }
    }
    return Arrays.asList(vectors);
  }

  @Override
  public QueryEmbedding embedQuery(String query) {
    requireText(query, "query");
    Encoding encoding = encoder.encode(queryInstruction + query);
    float[] vector =
        run(querySession, new Encoding[] {encoding}, new Integer[] {0}, encoding.getIds().length)[
            0];
    return new QueryEmbedding(vector, encoding.getIds().length, encoding.exceedMaxLength());
  }

  /** Runs one padded batch; returns the pooled vector of each row, L2-normalised. */
  private float[][] run(OrtSession session, Encoding[] encodings, Integer[] rows, int length) {
    int batch = rows.length;
    long[] ids = new long[batch * length]; // (batch, length), zero = [PAD]
    long[] mask = new long[batch * length];
    for (int r = 0; r < batch; r++) {
      long[] rowIds = encodings[rows[r]].getIds();
      System.arraycopy(rowIds, 0, ids, r * length, rowIds.length);
      Arrays.fill(mask, r * length, r * length + rowIds.length, 1L);
    }
    long[] shape = {batch, length};
    Map<String, OnnxTensor> inputs = new HashMap<>();
    try {
      inputs.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape));
      inputs.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape));
      if (needsTokenTypes) {
        inputs.put(
            "token_type_ids",
            OnnxTensor.createTensor(env, LongBuffer.wrap(new long[batch * length]), shape));
      }
      try (OrtSession.Result result = session.run(inputs)) {
        // last_hidden_state: (batch, length, dimension)
        FloatBuffer hidden = ((OnnxTensor) result.get(0)).getFloatBuffer();
        int dim = info.dimension();
        float[][] out = new float[batch][dim];
        for (int r = 0; r < batch; r++) {
          int tokens = encodings[rows[r]].getIds().length; // the rest of the row is padding
          pool(hidden, r * length * dim, tokens, out[r]);
          normalize(out[r]);
        }
        return out;
      }
    } catch (OrtException e) {
      throw new EmbeddingModelException(
          "Embedding model " + info.name() + " failed: " + e, null, e);
    } finally {
      inputs.values().forEach(OnnxTensor::close);
    }
  }

  /** Pools the {@code tokens} real token vectors of one row starting at {@code offset}. */
  private void pool(FloatBuffer hidden, int offset, int tokens, float[] out) {
    int dim = out.length;
    if (pooling == Pooling.CLS) {
      hidden.get(offset, out); // [CLS] is position 0 of the row
      return;
    }
    float[] token = new float[dim];
    for (int t = 0; t < tokens; t++) {
      hidden.get(offset + t * dim, token);
      for (int d = 0; d < dim; d++) {
        out[d] += token[d];
      }
    }
    for (int d = 0; d < dim; d++) {
      out[d] /= tokens;
    }
  }

  private static void normalize(float[] v) {
    double sum = 0;
    for (float x : v) {
      sum += x * x;
    }
    float norm = (float) Math.sqrt(sum);
    if (norm > 0) {
      for (int i = 0; i < v.length; i++) {
        v[i] /= norm;
      }
    }
  }

  private static void requireText(String text, String what) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("Cannot embed an empty " + what);
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
    try {
      session.close();
      querySession.close();
    } catch (OrtException e) {
      throw new EmbeddingModelException(
          "Cannot close embedding model " + info.name() + ": " + e, null, e);
    } finally {
      encoder.close();
      counter.close();
    }
  }

  /** A readable summary for logs. */
  @Override
  public String toString() {
    return "OnnxBertEmbedder[" + info + "]";
  }

  /** For benchmarks: tokens the model sees for each passage (special tokens, truncation). */
  public List<Integer> modelTokens(List<String> texts) {
    List<Integer> out = new ArrayList<>(texts.size());
    for (Encoding e : encoder.batchEncode(texts)) {
      out.add(e.getIds().length);
    }
    return out;
  }
}
