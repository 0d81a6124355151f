package dev.quarry.generator.onnx;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * Lets another thread stop a generation or an answer. The generator checks it before every step, so
 * it ends within one forward pass with {@link FinishReason#CANCELLED}; the answer pipeline checks
 * it between its stages (retrieval, evidence, composition, grounding). Thread-safe.
 */
public final class CancellationSignal {

  private final AtomicBoolean cancelled = new AtomicBoolean();
  private final BooleanSupplier alsoWhen;

  /** A signal that is cancelled only by {@link #cancel}. */
  public CancellationSignal() {
    this(() -> false);
  }

  /**
   * A signal that is also cancelled as soon as {@code alsoWhen} says so, e.g. once the client's
   * connection is closed; it stays cancelled after that.
   *
   * @param alsoWhen asked on every {@link #isCancelled}, from any thread; must be cheap
   */
  public CancellationSignal(BooleanSupplier alsoWhen) {
    this.alsoWhen = Objects.requireNonNull(alsoWhen, "alsoWhen");
  }

  public void cancel() {
    cancelled.set(true);
  }

  public boolean isCancelled() {
    if (!cancelled.get() && alsoWhen.getAsBoolean()) {
      cancelled.set(true);
    }
    return cancelled.get();
  }
}
