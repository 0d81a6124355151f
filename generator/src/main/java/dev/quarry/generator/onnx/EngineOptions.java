package dev.quarry.generator.onnx;

import java.util.Objects;

/**
 * How to run a model with ONNX Runtime.
 *
 * @param provider CPU, CUDA or AUTO
 * @param cudaDeviceId the GPU used by CUDA (and AUTO when it gets CUDA)
 * @param intraOpThreads threads inside one operator; 0 lets ONNX Runtime choose
 * @param interOpThreads threads across independent operators; 0 lets ONNX Runtime choose
 * @param spinning whether idle intra-op threads spin-wait for work (ONNX Runtime's own default)
 *     rather than sleep. Off by default: on a 2-core machine shared with other work, spinning
 *     threads burn the time slices the working thread needs, and decoding ran 3x slower with it on
 *     (see docs/benchmarks.md, "Real-size decoding"); on cores of its own, spinning saves little
 */
public record EngineOptions(
    ExecutionProvider provider,
    int cudaDeviceId,
    int intraOpThreads,
    int interOpThreads,
    boolean spinning) {

  /**
   * CPU, as many intra-op threads as cores, one inter-op thread (a decoder is sequential), threads
   * that sleep rather than spin when idle.
   */
  public static final EngineOptions DEFAULT =
      new EngineOptions(
          ExecutionProvider.CPU, 0, Runtime.getRuntime().availableProcessors(), 1, false);

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

  /** Options whose idle threads sleep rather than spin, as {@link #DEFAULT}'s. */
  public EngineOptions(
      ExecutionProvider provider, int cudaDeviceId, int intraOpThreads, int interOpThreads) {
    this(provider, cudaDeviceId, intraOpThreads, interOpThreads, false);
  }

  public EngineOptions withProvider(ExecutionProvider newProvider, int deviceId) {
    return new EngineOptions(newProvider, deviceId, intraOpThreads, interOpThreads, spinning);
  }

  public EngineOptions withThreads(int intraOp, int interOp) {
    return new EngineOptions(provider, cudaDeviceId, intraOp, interOp, spinning);
  }

  public EngineOptions withSpinning(boolean spin) {
    return new EngineOptions(provider, cudaDeviceId, intraOpThreads, interOpThreads, spin);
  }
}
