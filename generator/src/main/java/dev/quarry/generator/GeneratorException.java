package dev.quarry.generator;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The one exception type of the generator module. Its message is written for the person who runs
 * Quarry: it names what went wrong, where (the model folder or file), and what to do about it.
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

  /** The model folder or file the failure concerns, when there is one. */
  public Optional<Path> modelPath() {
    return Optional.ofNullable(modelPath);
  }
}
