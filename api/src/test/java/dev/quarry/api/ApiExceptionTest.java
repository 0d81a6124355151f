package dev.quarry.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** A request's failure is typed by its cause, and the cause alone fixes the HTTP status. */
class ApiExceptionTest {

  @Test
  void should_take_its_status_from_its_type() {
    Map<Function<String, ApiException>, Integer> statuses =
        Map.of(
            ApiException::badRequest, 400,
            ApiException::unauthenticated, 401,
            ApiException::forbidden, 403,
            ApiException::notFound, 404,
            ApiException::conflict, 409,
            ApiException::gone, 410,
            ApiException::tooLarge, 413,
            ApiException::unsupportedType, 415);

    statuses.forEach(
        (factory, status) -> {
          ApiException e = factory.apply("detail for " + status);
          assertThat(e.status()).isEqualTo(status);
          assertThat(e.getMessage()).isEqualTo("detail for " + status);
        });
  }

  @Test
  void should_let_callers_catch_a_cause_without_reading_the_message() {
    ApiException e = ApiException.notFound("No knowledge base 'x'.");

    assertThat(e).isInstanceOf(ApiException.NotFound.class);
    assertThat(e).isNotInstanceOf(ApiException.InvalidRequest.class);
  }
}
