package dev.quarry.generator.onnx;

/**
 * Wall-clock split of one generation.
 *
 * @param prefillNanos the prompt's forward pass, first token sampled
 * @param decodeNanos all later steps
 * @param prefillOnnxNanos the part of {@code prefillNanos} inside {@code OrtSession.run}
 * @param decodeOnnxNanos the part of {@code decodeNanos} inside {@code OrtSession.run}
 * @param decodeSteps forward passes after the prefill
 */
public record GenerationTimings(
    long prefillNanos,
    long decodeNanos,
    long prefillOnnxNanos,
    long decodeOnnxNanos,
    int decodeSteps) {

  /**
   * Share of decode time spent outside ONNX Runtime (tensor creation, sampling, detokenising): what
   * the Java loop adds per token.
   */
  public double decodeJavaShare() {
    return decodeNanos == 0 ? 0 : (double) (decodeNanos - decodeOnnxNanos) / decodeNanos;
  }
}
