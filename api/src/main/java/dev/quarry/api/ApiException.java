package dev.quarry.api;

/**
 * A request that cannot be served, with a message the caller can act on. The subclass names the
 * cause and the cause fixes the HTTP status; callers catch a subclass, never read the message. Each
 * becomes an RFC 7807 problem ({@code rest.Problems}).
 */
public abstract sealed class ApiException extends RuntimeException {

  private ApiException(String detail) {
    super(detail);
  }

  /** The HTTP status, which follows from the type. */
  public abstract int status();

  /** The request itself is wrong (a field, a parameter, a body): 400. */
  public static final class InvalidRequest extends ApiException {
    private InvalidRequest(String detail) {
      super(detail);
    }

    @Override
    public int status() {
      return 400;
    }
  }

  /** No key, or a key that is not recognised: 401. */
  public static final class Unauthenticated extends ApiException {
    private Unauthenticated(String detail) {
      super(detail);
    }

    @Override
    public int status() {
      return 401;
    }
  }

  /** The key is known but its role does not allow this call: 403. */
  public static final class Forbidden extends ApiException {
    private Forbidden(String detail) {
      super(detail);
    }

    @Override
    public int status() {
      return 403;
    }
  }

  /** No such knowledge base, document, key or conversation (or none the caller may see): 404. */
  public static final class NotFound extends ApiException {
    private NotFound(String detail) {
      super(detail);
    }

    @Override
    public int status() {
      return 404;
    }
  }

  /** The resource is in a state that refuses the call (a knowledge base being deleted): 409. */
  public static final class Conflict extends ApiException {
    private Conflict(String detail) {
      super(detail);
    }

    @Override
    public int status() {
      return 409;
    }
  }

  /** The resource existed but its content is gone for good (a stored file lost): 410. */
  public static final class Gone extends ApiException {
    private Gone(String detail) {
      super(detail);
    }

    @Override
    public int status() {
      return 410;
    }
  }

  /** Too many files, or a file over the size limit: 413. */
  public static final class TooLarge extends ApiException {
    private TooLarge(String detail) {
      super(detail);
    }

    @Override
    public int status() {
      return 413;
    }
  }

  /** A file of a type Quarry cannot read: 415. */
  public static final class UnsupportedType extends ApiException {
    private UnsupportedType(String detail) {
      super(detail);
    }

    @Override
    public int status() {
      return 415;
    }
  }

  public static InvalidRequest badRequest(String detail) {
    return new InvalidRequest(detail);
  }

  public static Unauthenticated unauthenticated(String detail) {
    return new Unauthenticated(detail);
  }

  public static Forbidden forbidden(String detail) {
    return new Forbidden(detail);
  }

  public static NotFound notFound(String detail) {
    return new NotFound(detail);
  }

  public static Conflict conflict(String detail) {
    return new Conflict(detail);
  }

  public static Gone gone(String detail) {
    return new Gone(detail);
  }

  public static TooLarge tooLarge(String detail) {
    return new TooLarge(detail);
  }

  public static UnsupportedType unsupportedType(String detail) {
    return new UnsupportedType(detail);
  }
}
