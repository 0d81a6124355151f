package dev.quarry.generator;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The generator module's failures. Callers decide by the subclass, never by the message:
 *
 * <ul>
 *   <li>{@link GeneratorUnavailableException}: the model server that writes answers cannot be
 *       reached, failed on its side, or did not answer in time; retryable;
 *   <li>{@link ModelRejectedException}: the model server refused the request (unknown model, bad
 *       key, a request it cannot serve); asking again will not help until the settings change.
 * </ul>
 *
 * The base class itself is for everything else: a model folder that cannot be loaded, a prompt that
 * does not fit, a failing in-process model. Its message is written for the person who runs Quarry:
 * it names what went wrong, where (the model folder or file), and what to do about it.
 */
public class GeneratorException extends RuntimeException {

  private final transient Path modelPath;

  public GeneratorException(String message) {
    this(message, null, null);
  }

  public GeneratorException(String message, Path modelPath) {
    this(message, modelPath, null);
  }

  public GeneratorException(String message, Path modelPath, Throwable cause) {
    super(modelPath == null ? message : message + " (model: " + modelPath + ")", cause);
    this.modelPath = modelPath;
  }

  /** Whether the same work may succeed later, unchanged; decided by the type. */
  public boolean retryable() {
    return false;
  }

  /** The model folder or file the failure concerns, when there is one. */
  public Optional<Path> modelPath() {
    return Optional.ofNullable(modelPath);
  }
}
