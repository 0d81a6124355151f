package dev.quarry.generator;

/**
 * The model server that writes answers cannot be used now: it refused the connection, is down,
 * answered with a server error or "too many requests", or sent nothing for longer than its timeout.
 * Retryable: the same question may be answered once the server is back.
 */
public final class GeneratorUnavailableException extends GeneratorException {

  public GeneratorUnavailableException(String message, Throwable cause) {
    super(message, null, cause);
  }

  @Override
  public boolean retryable() {
    return true;
  }
}
