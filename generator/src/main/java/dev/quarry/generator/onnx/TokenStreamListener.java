package dev.quarry.generator.onnx;

/**
 * Receives generated text as it is produced. Called on the generating thread, in order; every delta
 * is whole UTF-8 characters and none contains part of a stop string. An exception thrown here ends
 * the generation and reaches the caller.
 */
@FunctionalInterface
public interface TokenStreamListener {

  TokenStreamListener NONE = delta -> {};

  void onText(String delta);
}
