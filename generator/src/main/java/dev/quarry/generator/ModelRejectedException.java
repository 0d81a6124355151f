package dev.quarry.generator;

/**
 * The model server refused the request itself (an HTTP 4xx other than 408 and 429): it has no model
 * by that name, the API key is missing or wrong, or it cannot serve the request as sent. Not
 * retryable: the generator's settings need to change.
 */
public final class ModelRejectedException extends GeneratorException {

  private final int status;

  /**
   * @param status the HTTP status the server answered, or 0 when it is not known
   */
  public ModelRejectedException(String message, int status, Throwable cause) {
    super(message, null, cause);
    this.status = status;
  }

  /** The HTTP status the server answered, or 0 when it is not known. */
  public int status() {
    return status;
  }
}
