package dev.quarry.generator.openai;

import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.RetriableException;
import dev.langchain4j.exception.UnresolvedModelServerException;
import dev.quarry.generator.GeneratorException;
import dev.quarry.generator.GeneratorUnavailableException;
import dev.quarry.generator.ModelRejectedException;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.util.Objects;

/**
 * Turns what LangChain4j's OpenAI client throws into the generator's exceptions, by type and HTTP
 * status: the server unreachable, timing out, failing (5xx) or overloaded (429) is {@link
 * GeneratorUnavailableException}; the server refusing the request (401, 403, 404, other 4xx) is
 * {@link ModelRejectedException}; anything else stays a {@link GeneratorException}. Messages name
 * the server and the setting to check, for the person who runs Quarry.
 */
final class RemoteFailures {

  private final OpenAiSettings settings;

  RemoteFailures(OpenAiSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /** The idle timeout passed with nothing from the server. */
  GeneratorUnavailableException silent() {
    return new GeneratorUnavailableException(
        "the model server at "
            + settings.baseUrl()
            + " sent nothing for "
            + settings.timeout()
            + " (quarry.generator.openai.timeout)",
        null);
  }

  GeneratorException of(Throwable failure) {
    if (failure instanceof GeneratorException known) {
      return known;
    }
    int status = status(failure);
    if (status == 408 || status == 429 || status >= 500) {
      return unavailable("answered HTTP " + status, failure);
    }
    if (status == 401 || status == 403 || find(failure, AuthenticationException.class) != null) {
      return rejected(
          "refused the API key (HTTP " + status + "); check quarry.generator.openai.api-key",
          status,
          failure);
    }
    if (status == 404 || find(failure, ModelNotFoundException.class) != null) {
      return rejected(
          "has no model '"
              + settings.model()
              + "' (HTTP 404); check quarry.generator.openai.model and base-url",
          status,
          failure);
    }
    if (status >= 400) {
      return rejected("refused the request (HTTP " + status + ")", status, failure);
    }
    if (find(failure, HttpTimeoutException.class) != null) {
      return unavailable("did not answer within " + settings.timeout(), failure);
    }
    if (find(failure, UnresolvedModelServerException.class) != null
        || find(failure, RetriableException.class) != null
        || find(failure, IOException.class) != null) {
      return unavailable("cannot be reached (" + rootMessage(failure) + ")", failure);
    }
    return new GeneratorException(
        "the model server at " + settings.baseUrl() + " failed: " + rootMessage(failure),
        null,
        failure);
  }

  private GeneratorUnavailableException unavailable(String what, Throwable cause) {
    return new GeneratorUnavailableException(
        "the model server at " + settings.baseUrl() + " " + what, cause);
  }

  private ModelRejectedException rejected(String what, int status, Throwable cause) {
    return new ModelRejectedException(
        "the model server at " + settings.baseUrl() + " " + what, status, cause);
  }

  /** The HTTP status the server answered, or 0 when the failure is not an HTTP answer. */
  private static int status(Throwable failure) {
    HttpException http = find(failure, HttpException.class);
    return http == null ? 0 : http.statusCode();
  }

  private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }

  private static String rootMessage(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null
        ? root.getClass().getSimpleName()
        : root.getClass().getSimpleName() + ": " + root.getMessage();
  }
}
