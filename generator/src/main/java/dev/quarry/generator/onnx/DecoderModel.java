package dev.quarry.generator.onnx;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.quarry.generator.GeneratorException;
import dev.quarry.generator.model.ModelConfig;
import dev.quarry.generator.model.ModelFolder;
import dev.quarry.generator.tokenizer.ChatTemplate;
import dev.quarry.generator.tokenizer.TextTokenizer;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The immutable half of a decoder: configuration, tokenizer, chat template and the ONNX Runtime
 * session. The mutable half, one {@link KvCache} per generation, is passed in explicitly, so one
 * model serves many generations at once. Thread-safe.
 *
 * <p>A forward pass returns the last position's logits of every row, {@code (batch, vocab)}; the
 * {@code present.*} outputs stay in the cache as the next step's {@code past_key_values.*}.
 */
public final class DecoderModel implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DecoderModel.class);

  private final ModelFolder folder;
  private final ModelConfig config;
  private final TextTokenizer tokenizer;
  private final ChatTemplate chatTemplate;
  private final OrtEnvironment env;
  private final OrtSession session;
  private final DecoderSignature signature;
  private final ExecutionProvider provider;
  private final LogitsOutput logits;

  private DecoderModel(
      ModelFolder folder,
      ModelConfig config,
      TextTokenizer tokenizer,
      ChatTemplate chatTemplate,
      OrtEnvironment env,
      SessionFactory.OpenSession open) {
    this.folder = folder;
    this.config = config;
    this.tokenizer = tokenizer;
    this.chatTemplate = chatTemplate;
    this.env = env;
    this.session = open.session();
    this.provider = open.provider();
    this.signature = DecoderSignature.read(session, config, folder.onnxFile());
    this.logits = LogitsOutput.of(env, session, signature, config, folder.onnxFile());
  }

  /**
   * Loads a model folder (see {@link ModelFolder} for the layout) and logs the effective settings.
   *
   * @throws GeneratorException if a file is missing or malformed, the family is unsupported, the
   *     graph does not follow the decoder-with-past contract, or CUDA was required and failed
   */
  public static DecoderModel load(Path root, EngineOptions options) {
    Objects.requireNonNull(options, "options");
    ModelFolder folder = ModelFolder.open(root);
    ModelConfig config = ModelConfig.read(folder);
    ChatTemplate template = ChatTemplate.read(folder.tokenizerConfig());
    TextTokenizer tokenizer = TextTokenizer.load(folder.tokenizer());
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    SessionFactory.OpenSession open;
    try {
      open = SessionFactory.open(env, folder.onnxFile(), options);
    } catch (RuntimeException e) {
      tokenizer.close();
      throw e;
    }
    DecoderModel model;
    try {
      model = new DecoderModel(folder, config, tokenizer, template, env, open);
    } catch (RuntimeException e) {
      tokenizer.close();
      try {
        open.session().close();
      } catch (OrtException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
    model.logSettings(options);
    return model;
  }

  private void logSettings(EngineOptions options) {
    LOG.info(
        "generator model {} ({}, {} layers, {} kv heads x {}, kv {}, context {}, logits {}) on {},"
            + " threads intra={} inter={} spinning={}",
        folder.root().getFileName(),
        config.modelType(),
        signature.layers(),
        signature.kvHeads(),
        signature.headDim(),
        signature.kvType(),
        config.contextWindow(),
        logits.lastPositionOnly() ? "last position only" : "every position",
        provider,
        options.intraOpThreads(),
        options.interOpThreads(),
        options.spinning());
  }

  public ModelConfig config() {
    return config;
  }

  public TextTokenizer tokenizer() {
    return tokenizer;
  }

  public ChatTemplate chatTemplate() {
    return chatTemplate;
  }

  public DecoderSignature signature() {
    return signature;
  }

  /** The provider the session really runs on (AUTO resolves to CPU or CUDA). */
  public ExecutionProvider provider() {
    return provider;
  }

  public Path path() {
    return folder.root();
  }

  /** An empty cache for {@code batch} rows. */
  public KvCache newCache(int batch) {
    if (batch < 1) {
      throw new IllegalArgumentException("batch must be >= 1, got " + batch);
    }
    long[] shape = {batch, signature.kvHeads(), 0, signature.headDim()};
    List<OnnxTensor> empty = new ArrayList<>();
    try {
      for (int i = 0; i < signature.pastNames().size(); i++) {
        empty.add(
            signature.kvType() == OnnxJavaType.FLOAT16
                ? OnnxTensor.createTensor(
                    env, ByteBuffer.allocateDirect(0), shape, OnnxJavaType.FLOAT16)
                : OnnxTensor.createTensor(env, FloatBuffer.allocate(0), shape));
      }
    } catch (OrtException e) {
      empty.forEach(OnnxTensor::close);
      throw new GeneratorException("cannot allocate the KV cache: " + e.getMessage(), path(), e);
    }
    return new KvCache(batch, signature.pastNames(), empty);
  }

  /**
   * Runs the prompts through the model, left-padded to the longest, into an empty cache.
   *
   * @param prompts one token-id array per row of {@code cache}, each non-empty
   * @return the last position's logits per row, {@code (batch, vocab)}
   * @throws GeneratorException if a prompt does not fit the context window, or ONNX Runtime fails
   */
  public float[][] prefill(KvCache cache, List<long[]> prompts) {
    if (!cache.isEmpty() || prompts.size() != cache.batch()) {
      throw new IllegalArgumentException("prefill needs an empty cache with one row per prompt");
    }
    int longest = prompts.stream().mapToInt(p -> p.length).max().orElse(0);
    if (prompts.stream().anyMatch(p -> p.length == 0)) {
      throw new IllegalArgumentException("every prompt needs at least one token");
    }
    if (longest >= config.contextWindow()) {
      throw new GeneratorException(
          "prompt has "
              + longest
              + " tokens but the model's context window is "
              + config.contextWindow()
              + "; shorten the prompt or pass fewer sources",
          path());
    }
    long[][] ids = new long[prompts.size()][longest];
    boolean[][] real = new boolean[prompts.size()][longest];
    for (int r = 0; r < prompts.size(); r++) {
      long[] prompt = prompts.get(r);
      int pad = longest - prompt.length;
      System.arraycopy(prompt, 0, ids[r], pad, prompt.length);
      for (int j = pad; j < longest; j++) {
        real[r][j] = true;
      }
    }
    return run(cache, ids, real);
  }

  /**
   * Feeds one token per row and advances the cache.
   *
   * @return the logits of the new position per row, {@code (batch, vocab)}
   */
  public float[][] decode(KvCache cache, long[] tokens) {
    if (cache.isEmpty() || tokens.length != cache.batch()) {
      throw new IllegalArgumentException("decode needs a prefilled cache and one token per row");
    }
    long[][] ids = new long[tokens.length][1];
    boolean[][] real = new boolean[tokens.length][1];
    for (int r = 0; r < tokens.length; r++) {
      ids[r][0] = tokens[r];
      real[r][0] = true;
    }
    return run(cache, ids, real);
  }

  private float[][] run(KvCache cache, long[][] ids, boolean[][] real) {
    int batch = ids.length;
    int steps = ids[0].length;
    boolean firstStep = cache.isEmpty();
    cache.append(real, steps);
    long[] flatIds = new long[batch * steps];
    long[] positions = new long[batch * steps];
    for (int r = 0; r < batch; r++) {
      for (int j = 0; j < steps; j++) {
        flatIds[r * steps + j] = ids[r][j];
        positions[r * steps + j] = cache.takePosition(r, real[r][j]);
      }
    }
    Map<String, OnnxTensor> created = new HashMap<>();
    try {
      long[] shape = {batch, steps};
      created.put(DecoderSignature.INPUT_IDS, longs(flatIds, shape));
      created.put(
          DecoderSignature.ATTENTION_MASK,
          longs(cache.maskData(), new long[] {batch, cache.length()}));
      if (signature.hasPositionIds()) {
        created.put(DecoderSignature.POSITION_IDS, longs(positions, shape));
      }
      if (signature.hasCacheBranch()) {
        created.put(
            DecoderSignature.USE_CACHE_BRANCH,
            OnnxTensor.createTensor(env, new boolean[] {!firstStep}));
      }
      Map<String, OnnxTensor> inputs = new HashMap<>(created);
      inputs.putAll(cache.past());
      LogitsOutput.Step step = logits.run(session, inputs, cache, batch, steps);
      cache.advance(step.result(), signature.pastNames(), signature.presentNames());
      return step.lastLogits();
    } catch (OrtException e) {
      throw new GeneratorException("ONNX Runtime failed: " + e.getMessage(), path(), e);
    } finally {
      created.values().forEach(OnnxTensor::close);
    }
  }

  private OnnxTensor longs(long[] data, long[] shape) throws OrtException {
    return OnnxTensor.createTensor(env, LongBuffer.wrap(data), shape);
  }

  @Override
  public void close() {
    try {
      logits.close();
      session.close();
    } catch (OrtException e) {
      throw new GeneratorException("cannot close the session: " + e.getMessage(), path(), e);
    } finally {
      tokenizer.close();
    }
  }
}
