package dev.quarry.generator.bench;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.quarry.generator.grounding.SentenceEmbedder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * bge-small-en-v1.5 (int8 ONNX from LangChain4j's jar) as a {@link SentenceEmbedder} for the
 * evaluation: texts sorted by length, padded batches, CLS pooling, L2 normalisation, as the
 * retriever's embedder does it (the generator may not depend on the retriever, so this is a copy
 * kept to test code).
 */
final class BgeSentenceEmbedder implements SentenceEmbedder, AutoCloseable {

  private static final int BATCH = 32;

  private final OrtEnvironment env;
  private final OrtSession session;
  private final HuggingFaceTokenizer tokenizer;

  /**
   * @param threads ONNX Runtime intra-op threads
   * @param maxTokens texts are truncated to this many tokens (bge's window is 512)
   */
  BgeSentenceEmbedder(int threads, int maxTokens) throws IOException, OrtException {
    try (InputStream model = resource("/bge-small-en-v1.5-q.onnx");
        InputStream vocab = resource("/bge-small-en-v1.5-q-tokenizer.json");
        OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      tokenizer =
          HuggingFaceTokenizer.newInstance(
              vocab,
              Map.of(
                  "truncation",
                  "true",
                  "maxLength",
                  String.valueOf(maxTokens),
                  "padding",
                  "false"));
      env = OrtEnvironment.getEnvironment();
      options.setIntraOpNumThreads(threads);
      session = env.createSession(model.readAllBytes(), options);
    }
  }

  @Override
  public float[][] embed(List<String> texts) {
    Encoding[] encodings = tokenizer.batchEncode(texts);
    Integer[] order = new Integer[texts.size()];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparingInt(i -> encodings[i].getIds().length));
    float[][] out = new float[texts.size()][];
    for (int from = 0; from < order.length; from += BATCH) {
      Integer[] rows = Arrays.copyOfRange(order, from, Math.min(order.length, from + BATCH));
      float[][] batch = run(encodings, rows);
      for (int j = 0; j < rows.length; j++) {
        out[rows[j]] = batch[j];
      }
    }
    return out;
  }

  private float[][] run(Encoding[] encodings, Integer[] rows) {
    int length = encodings[rows[rows.length - 1]].getIds().length;
    long[] ids = new long[rows.length * length]; // (batch, length), zero = [PAD]
    long[] mask = new long[rows.length * length];
    for (int r = 0; r < rows.length; r++) {
      long[] row = encodings[rows[r]].getIds();
      System.arraycopy(row, 0, ids, r * length, row.length);
      Arrays.fill(mask, r * length, r * length + row.length, 1L);
    }
    long[] shape = {rows.length, length};
    Map<String, OnnxTensor> inputs = new HashMap<>();
    try {
      inputs.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape));
      inputs.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape));
      inputs.put(
          "token_type_ids",
          OnnxTensor.createTensor(env, LongBuffer.wrap(new long[ids.length]), shape));
      try (OrtSession.Result result = session.run(inputs)) {
        OnnxTensor hidden = (OnnxTensor) result.get(0); // (batch, length, dim)
        int dim = (int) hidden.getInfo().getShape()[2];
        FloatBuffer all = hidden.getFloatBuffer();
        float[][] out = new float[rows.length][dim];
        for (int r = 0; r < rows.length; r++) {
          all.position(r * length * dim); // CLS: position 0 of the row
          all.get(out[r]);
          double norm = 0;
          for (float v : out[r]) {
            norm += v * v;
          }
          for (int j = 0; j < dim; j++) {
            out[r][j] /= (float) Math.sqrt(norm);
          }
        }
        return out;
      }
    } catch (OrtException e) {
      throw new IllegalStateException("bge failed: " + e.getMessage(), e);
    } finally {
      inputs.values().forEach(OnnxTensor::close);
    }
  }

  private static InputStream resource(String name) {
    InputStream in = BgeSentenceEmbedder.class.getResourceAsStream(name);
    if (in == null) {
      throw new UncheckedIOException(new IOException("not on the class path: " + name));
    }
    return in;
  }

  @Override
  public void close() throws OrtException {
    session.close();
    tokenizer.close();
  }
}
