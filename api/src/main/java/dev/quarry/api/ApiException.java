package dev.quarry.api;

/**
 * A request that cannot be served, with the HTTP status and a message the caller can act on. The
 * api's one exception type: it becomes an RFC 7807 problem.
 */
public final class ApiException extends RuntimeException {

  private final int status;

  public ApiException(int status, String detail) {
    super(detail);
    this.status = status;
  }

  public ApiException(int status, String detail, Throwable cause) {
    super(detail, cause);
    this.status = status;
  }

  public int status() {
    return status;
  }

  public static ApiException badRequest(String detail) {
    return new ApiException(400, detail);
  }

  public static ApiException notFound(String detail) {
    return new ApiException(404, detail);
  }
}
