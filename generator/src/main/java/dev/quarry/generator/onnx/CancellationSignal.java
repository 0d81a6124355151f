package dev.quarry.generator.onnx;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Lets another thread stop a generation. The generator checks it before every step, so it ends
 * within one forward pass with {@link FinishReason#CANCELLED}. Thread-safe.
 */
public final class CancellationSignal {

  private final AtomicBoolean cancelled = new AtomicBoolean();

  public void cancel() {
    cancelled.set(true);
  }

  public boolean isCancelled() {
    return cancelled.get();
  }
}
