package dev.quarry.generator.onnx;

import java.util.Objects;

/**
 * How to run a model with ONNX Runtime.
 *
 * @param provider CPU, CUDA or AUTO
 * @param cudaDeviceId the GPU used by CUDA (and AUTO when it gets CUDA)
 * @param intraOpThreads threads inside one operator; 0 lets ONNX Runtime choose
 * @param interOpThreads threads across independent operators; 0 lets ONNX Runtime choose
 */
public record EngineOptions(
    ExecutionProvider provider, int cudaDeviceId, int intraOpThreads, int interOpThreads) {

  /** CPU, as many intra-op threads as cores, one inter-op thread (a decoder is sequential). */
  public static final EngineOptions DEFAULT =
      new EngineOptions(ExecutionProvider.CPU, 0, Runtime.getRuntime().availableProcessors(), 1);

  public EngineOptions {
    Objects.requireNonNull(provider, "provider");
    if (cudaDeviceId < 0 || intraOpThreads < 0 || interOpThreads < 0) {
      throw new IllegalArgumentException(
          "device id and thread counts must be >= 0, got "
              + cudaDeviceId
              + ", "
              + intraOpThreads
              + ", "
              + interOpThreads);
    }
  }

  public EngineOptions withProvider(ExecutionProvider newProvider, int deviceId) {
    return new EngineOptions(newProvider, deviceId, intraOpThreads, interOpThreads);
  }

  public EngineOptions withThreads(int intraOp, int interOp) {
    return new EngineOptions(provider, cudaDeviceId, intraOp, interOp);
  }
}
