package dev.quarry.generator.onnx;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.quarry.generator.GeneratorException;
import dev.quarry.generator.model.ModelConfig;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How one forward pass runs and its logits come out: the constant 1 fed to {@code
 * num_logits_to_keep} where the graph takes it, float32 logits written by ONNX Runtime into a
 * buffer the {@link KvCache} keeps (a pinned output, so no copy of every position's logits), and
 * the last position's row read per sequence. Immutable and thread-safe; closed with its model.
 */
final class LogitsOutput implements AutoCloseable {

  /** One step's session result (owning the present tensors) and each row's last logits. */
  record Step(OrtSession.Result result, float[][] lastLogits) {}

  private final OrtEnvironment env;
  private final Optional<String> keepName;
  private final OnnxTensor keepOne; // null when the graph has no num_logits_to_keep
  private final int vocab; // columns of the logits
  private final boolean pin; // float32 logits of rank 3; fp16 ones are widened by ONNX Runtime
  private final Set<String> presentNames; // outputs requested besides the pinned logits

  private LogitsOutput(
      OrtEnvironment env, DecoderSignature signature, OnnxTensor keepOne, int vocab, boolean pin) {
    this.env = env;
    this.keepName = signature.logitsToKeep();
    this.keepOne = keepOne;
    this.vocab = vocab;
    this.pin = pin;
    this.presentNames = Set.copyOf(signature.presentNames());
  }

  /**
   * @throws GeneratorException if the logits output cannot be read or the constant not created
   */
  static LogitsOutput of(
      OrtEnvironment env,
      OrtSession session,
      DecoderSignature signature,
      ModelConfig config,
      Path onnxFile) {
    try {
      TensorInfo logits =
          (TensorInfo) session.getOutputInfo().get(DecoderSignature.LOGITS).getInfo();
      long[] shape = logits.getShape(); // (batch, positions, vocab)
      int vocab = shape.length == 3 && shape[2] > 0 ? (int) shape[2] : config.vocabSize();
      boolean pin = logits.type == OnnxJavaType.FLOAT && shape.length == 3;
      OnnxTensor keepOne = null;
      if (signature.logitsToKeep().isPresent()) {
        String name = signature.logitsToKeep().get();
        long[] keepShape = ((TensorInfo) session.getInputInfo().get(name).getInfo()).getShape();
        // the graph declares it () or (1)
        keepOne =
            OnnxTensor.createTensor(
                env,
                LongBuffer.wrap(new long[] {1}),
                keepShape.length == 0 ? new long[0] : new long[] {1});
      }
      return new LogitsOutput(env, signature, keepOne, vocab, pin);
    } catch (OrtException e) {
      throw new GeneratorException(
          "cannot prepare the logits output: " + e.getMessage(), onnxFile, e);
    }
  }

  /** Whether the graph computes the last position's logits only. */
  boolean lastPositionOnly() {
    return keepOne != null;
  }

  /**
   * Runs {@code inputs} (plus num_logits_to_keep) through {@code session} for {@code steps} new
   * tokens per row, adding the time inside {@code OrtSession.run} to the cache.
   */
  Step run(OrtSession session, Map<String, OnnxTensor> inputs, KvCache cache, int batch, int steps)
      throws OrtException {
    if (keepOne != null) {
      inputs.put(keepName.orElseThrow(), keepOne);
    }
    long[] shape = {batch, keepOne != null ? 1 : steps, vocab};
    Optional<OnnxTensor> pinned = pin ? cache.logitsOutput(env, shape) : Optional.empty();
    long start = System.nanoTime();
    OrtSession.Result result =
        pinned.isPresent()
            ? session.run(inputs, presentNames, Map.of(DecoderSignature.LOGITS, pinned.get()))
            : session.run(inputs);
    cache.addOnnxNanos(System.nanoTime() - start);
    float[][] last =
        pinned.isPresent() ? lastRows(cache.logitsView(), shape) : lastRows(result, batch);
    return new Step(result, last);
  }

  /** The last position's row of each batch row, from logits laid out as {@code shape}. */
  private static float[][] lastRows(FloatBuffer all, long[] shape) {
    int batch = (int) shape[0];
    int positions = (int) shape[1];
    int columns = (int) shape[2];
    float[][] last = new float[batch][columns];
    for (int r = 0; r < batch; r++) {
      all.get((r * positions + (positions - 1)) * columns, last[r]);
    }
    return last;
  }

  private static float[][] lastRows(OrtSession.Result result, int batch) {
    OnnxTensor tensor =
        (OnnxTensor)
            result
                .get(DecoderSignature.LOGITS)
                .orElseThrow(() -> new IllegalStateException("no logits output"));
    long[] shape = tensor.getInfo().getShape(); // (batch, steps or 1, vocab)
    // getFloatBuffer copies the whole tensor (and widens fp16 logits)
    return lastRows(tensor.getFloatBuffer(), shape);
  }

  @Override
  public void close() {
    if (keepOne != null) {
      keepOne.close();
    }
  }
}
