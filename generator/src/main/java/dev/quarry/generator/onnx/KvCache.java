package dev.quarry.generator.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The mutable state of one generation: the attention mask, each row's next position, and the
 * key/value tensors of every layer. Created by {@link DecoderModel#newCache}, advanced only by
 * {@link DecoderModel#prefill} and {@link DecoderModel#decode}, closed by its owner.
 *
 * <p>The past tensors are the previous step's {@code present.*} outputs themselves: the session
 * result that owns them is kept open until the next step has consumed them, so the cache never
 * crosses into Java arrays. Not thread-safe.
 */
public final class KvCache implements AutoCloseable {

  private final int batch;
  private long[][] mask; // (batch, capacity): 1 for a real token, 0 for left padding
  private int length; // tokens seen so far, padding included: the past sequence length
  private final long[] nextPosition; // per row: position id of the next real token
  private final Map<String, OnnxTensor> past = new LinkedHashMap<>();
  private final List<OnnxTensor> owned = new ArrayList<>(); // the empty tensors of step 0
  private OrtSession.Result result; // owns the present tensors now used as past
  private boolean closed;
  private long onnxNanos;
  private OnnxTensor logits; // the pinned logits output, reused while its shape holds
  private FloatBuffer logitsView;

  KvCache(int batch, List<String> pastNames, List<OnnxTensor> empty) {
    this.batch = batch;
    this.mask = new long[batch][64];
    this.nextPosition = new long[batch];
    for (int i = 0; i < pastNames.size(); i++) {
      past.put(pastNames.get(i), empty.get(i));
    }
    owned.addAll(empty);
  }

  /** Rows in this generation. */
  public int batch() {
    return batch;
  }

  /** Tokens in the cache, left padding included. */
  public int length() {
    return length;
  }

  /** Nanoseconds this generation has spent inside {@code OrtSession.run}. */
  public long onnxNanos() {
    return onnxNanos;
  }

  void addOnnxNanos(long nanos) {
    onnxNanos += nanos;
  }

  boolean isEmpty() {
    return length == 0;
  }

  Map<String, OnnxTensor> past() {
    ensureOpen();
    return past;
  }

  /** Appends {@code count} tokens; {@code real[r][j]} says whether token j of row r is real. */
  void append(boolean[][] real, int count) {
    if (length + count > mask[0].length) {
      int capacity = Math.max(mask[0].length * 2, length + count);
      for (int r = 0; r < batch; r++) {
        mask[r] = Arrays.copyOf(mask[r], capacity);
      }
    }
    for (int r = 0; r < batch; r++) {
      for (int j = 0; j < count; j++) {
        mask[r][length + j] = real[r][j] ? 1 : 0;
      }
    }
    length += count;
  }

  /** The mask over every cached token, row-major (batch, length). */
  long[] maskData() {
    long[] flat = new long[batch * length];
    for (int r = 0; r < batch; r++) {
      System.arraycopy(mask[r], 0, flat, r * length, length);
    }
    return flat;
  }

  /** Hands out the next position of row {@code r} (position 1 for padding, as Hugging Face). */
  long takePosition(int r, boolean real) {
    return real ? nextPosition[r]++ : 1;
  }

  /**
   * The tensor ONNX Runtime writes the logits into, {@code shape} = (batch, positions, vocab): the
   * previous step's when the shape is the same (every decode step), else a new one. The caller
   * reads it through {@link #logitsView()}, so logits never pass through a copy of the whole
   * tensor.
   *
   * @return the tensor, or empty when it would exceed a Java buffer's 2 GiB (the caller then lets
   *     ONNX Runtime allocate the output)
   */
  Optional<OnnxTensor> logitsOutput(OrtEnvironment env, long[] shape) throws OrtException {
    ensureOpen();
    long elements = shape[0] * shape[1] * shape[2];
    if (elements * Float.BYTES > Integer.MAX_VALUE) {
      return Optional.empty();
    }
    if (logits == null || !Arrays.equals(logits.getInfo().getShape(), shape)) {
      closeLogits();
      ByteBuffer bytes =
          ByteBuffer.allocateDirect(Math.toIntExact(elements * Float.BYTES))
              .order(ByteOrder.nativeOrder());
      logitsView = bytes.asFloatBuffer();
      logits = OnnxTensor.createTensor(env, logitsView, shape);
    }
    return Optional.of(logits);
  }

  /** The logits of the last step, row-major (batch, positions, vocab). */
  FloatBuffer logitsView() {
    return logitsView;
  }

  private void closeLogits() {
    if (logits != null) {
      logits.close();
      logits = null;
      logitsView = null;
    }
  }

  /** Makes {@code next}'s present tensors the past of the next step, and frees the old ones. */
  void advance(OrtSession.Result next, List<String> pastNames, List<String> presentNames) {
    for (int i = 0; i < pastNames.size(); i++) {
      String name = presentNames.get(i);
      past.put(
          pastNames.get(i),
          (OnnxTensor)
              next.get(name).orElseThrow(() -> new IllegalStateException("no output " + name)));
    }
    releaseCurrent();
    result = next;
  }

  private void releaseCurrent() {
    owned.forEach(OnnxTensor::close);
    owned.clear();
    if (result != null) {
      result.close();
      result = null;
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("KV cache is closed");
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      releaseCurrent();
      closeLogits();
      past.clear();
    }
  }
}
