package dev.quarry.api.rest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OriginalFilesTest {

  @ParameterizedTest(name = "{0} is served as {1}")
  @CsvSource({
    // active types never keep their name
    "text/html, text/plain",
    "'text/html; charset=UTF-8', text/plain",
    "application/xhtml+xml, text/plain",
    "image/svg+xml, text/plain",
    "text/xml, text/plain",
    "application/xml, text/plain",
    "text/javascript, text/plain",
    "application/javascript, text/plain",
    "application/vnd.wap.xhtml+xml, text/plain",
    "TEXT/HTML, text/plain",
    // passive types keep theirs
    "text/plain, text/plain",
    "text/markdown, text/markdown",
    "application/pdf, application/pdf",
    "application/msword, application/msword",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document,"
        + " application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/epub+zip, application/epub+zip",
    // anything else is bytes
    "application/x-shockwave-flash, application/octet-stream",
    "'', application/octet-stream",
  })
  void should_never_name_an_active_type_when_serving_an_original(String detected, String served) {
    // when
    String type = OriginalFiles.servedType(detected);

    // then
    assertThat(type).isEqualTo(served);
  }
}
