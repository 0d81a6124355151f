package dev.quarry.generator.onnx;

/** Where ONNX Runtime runs the decoder. */
public enum ExecutionProvider {
  /** The CPU provider: always available. */
  CPU,
  /** The CUDA provider; loading fails if it is missing (build with {@code -Pcuda}). */
  CUDA,
  /** CUDA when it loads, else CPU with one log line saying why. */
  AUTO
}
