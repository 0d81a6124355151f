package dev.quarry.ingestion.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.ingestion.BadDocumentException;
import dev.quarry.ingestion.Fixtures;
import dev.quarry.ingestion.IngestionException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every hostile or broken input fails with a reason a person understands, never a crash. */
class BadInputTest {

  private static final TikaDocumentParser PARSER = new TikaDocumentParser(ParseLimits.defaults());

  private static BadDocumentException failure(byte[] content, String name) {
    try {
      ParsedDocument doc = PARSER.parse(content, name);
      throw new AssertionError("expected a failure, got " + doc);
    } catch (BadDocumentException e) {
      assertThat(e.fileName()).isEqualTo(name);
      return e;
    }
  }

  @Test
  void should_refuse_when_file_is_empty() {
    assertThat(failure(new byte[0], "empty.pdf").reason()).contains("empty");
  }

  @Test
  void should_say_damaged_when_pdf_is_corrupted() {
    // given: a real PDF cut off after its header, with garbage in place of its objects
    byte[] pdf = Fixtures.pdf("Broken", List.of(List.of("text")));
    byte[] corrupted = Arrays.copyOf(pdf, 200);
    Arrays.fill(corrupted, 20, 200, (byte) '#');

    // when
    IngestionException e = failure(corrupted, "broken.pdf");

    // then
    assertThat(e.reason()).contains("application/pdf");
  }

  @Test
  void should_say_password_protected_when_pdf_is_encrypted() {
    byte[] pdf = Fixtures.pdf("Secret", List.of(List.of("classified")), "user-password");

    assertThat(failure(pdf, "secret.pdf").reason()).contains("password-protected");
  }

  @Test
  void should_say_no_text_when_file_is_an_executable() {
    assertThat(failure(Fixtures.executable(), "tool.bin").reason()).contains("no text");
  }

  @Test
  void should_say_no_text_when_image_has_no_text() {
    assertThat(failure(Fixtures.png(), "photo.png").reason()).contains("no text");
  }

  @Test
  void should_refuse_when_archive_is_a_zip_bomb() {
    // given: 64 MB of text compressed to a few hundred KB
    byte[] bomb = Fixtures.zipBomb(64);

    // when
    IngestionException e = failure(bomb, "bomb.zip");

    // then
    assertThat(bomb.length).isLessThan(1_000_000);
    assertThat(e.reason()).containsAnyOf("zip bomb", "characters of text");
  }

  @Test
  void should_refuse_when_archives_nest_too_deep() {
    byte[] nested = Fixtures.nestedZip(12, "the treasure is at the bottom");

    assertThat(failure(nested, "nested.zip").reason()).contains("nested");
  }

  @Test
  void should_read_text_when_archive_nests_within_the_limit() {
    byte[] nested = Fixtures.nestedZip(2, "the treasure is near the top");

    assertThat(PARSER.parse(nested, "shallow.zip").text()).contains("the treasure is near the top");
  }

  @Test
  void should_refuse_when_file_is_over_the_size_limit() {
    TikaDocumentParser small = new TikaDocumentParser(ParseLimits.defaults().withMaxBytes(1000));

    assertThatThrownBy(() -> small.parse(new byte[1001], "big.txt"))
        .isInstanceOf(BadDocumentException.class)
        .hasMessageContaining("over the limit");
  }

  @Test
  void should_refuse_when_text_exceeds_the_character_limit() {
    TikaDocumentParser small = new TikaDocumentParser(ParseLimits.defaults().withMaxChars(500));
    String html = "<html><body>" + "<p>ten chars</p>".repeat(100) + "</body></html>";

    assertThatThrownBy(() -> small.parse(html.getBytes(StandardCharsets.UTF_8), "long.html"))
        .isInstanceOf(BadDocumentException.class)
        .hasMessageContaining("characters of text");
  }

  @Test
  void should_replace_bad_bytes_when_utf8_is_invalid() {
    // given: UTF-8 text with stray Latin-1 bytes in it (mixed encodings)
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes(
        "Caf\u00e9 na\u00efve r\u00e9sum\u00e9 in UTF-8, then ".getBytes(StandardCharsets.UTF_8));
    bytes.writeBytes(new byte[] {(byte) 0xE9, (byte) 0xFF, (byte) 0xC3});
    bytes.writeBytes(" and the text goes on.".getBytes(StandardCharsets.UTF_8));

    // when
    ParsedDocument doc = PARSER.parse(bytes.toByteArray(), "mixed.txt");

    // then
    assertThat(doc.text())
        .contains("Caf\u00e9 na\u00efve r\u00e9sum\u00e9 in UTF-8")
        .contains("\uFFFD")
        .contains("and the text goes on.");
  }

  @Test
  void should_read_legacy_encoding_when_text_is_not_utf8() {
    // given: Latin-1 only
    byte[] latin1 =
        "Le caf\u00e9 est tr\u00e8s chaud, d\u00e9j\u00e0 servi."
            .getBytes(StandardCharsets.ISO_8859_1);

    // when
    ParsedDocument doc = PARSER.parse(latin1, "latin1.txt");

    // then
    assertThat(doc.text()).contains("caf\u00e9").contains("tr\u00e8s");
  }

  @Test
  void should_say_no_text_when_document_is_only_whitespace() {
    assertThat(failure(" \n\n \t \n".getBytes(StandardCharsets.UTF_8), "blank.txt").reason())
        .contains("no text");
  }

  @Test
  void should_say_no_text_when_html_has_only_scripts() {
    String html =
        "<html><head><script>var x = 1;</script></head><body><script>y()</script></body></html>";

    assertThat(failure(html.getBytes(StandardCharsets.UTF_8), "empty.html").reason())
        .contains("no text");
  }

  @Test
  void should_not_resolve_external_entities_when_xml_declares_them() throws Exception {
    // given: an XML file whose entity points at a file on the server (XXE)
    java.nio.file.Path secret = java.nio.file.Files.createTempFile("quarry-secret-", ".txt");
    java.nio.file.Files.writeString(secret, "TOPSECRETVALUE");
    String xml =
        "<?xml version=\"1.0\"?><!DOCTYPE note [<!ENTITY leak SYSTEM \""
            + secret.toUri()
            + "\">]><note><title>Quarterly notes</title>"
            + "<body>The review is on Friday. &leak;</body></note>";

    // when
    ParsedDocument doc;
    try {
      doc = PARSER.parse(xml.getBytes(StandardCharsets.UTF_8), "notes.xml");
    } catch (IngestionException refused) {
      // refusing the file outright is as safe as reading it without the entity
      assertThat(refused.reason()).doesNotContain("TOPSECRETVALUE");
      return;
    } finally {
      java.nio.file.Files.delete(secret);
    }

    // then
    assertThat(doc.text()).contains("The review is on Friday").doesNotContain("TOPSECRETVALUE");
  }

  @Test
  void should_stop_when_parsing_takes_longer_than_the_time_limit() {
    // given: a parser that never finishes on its own
    DocumentParser stuck =
        (content, name, type) -> {
          try {
            Thread.sleep(60_000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return PARSER.parse(content, name);
        };
    try (TimeLimitedParser limited = new TimeLimitedParser(stuck, Duration.ofMillis(200))) {
      long started = System.nanoTime();

      // when / then
      assertThatThrownBy(() -> limited.parse("text".getBytes(StandardCharsets.UTF_8), "slow.txt"))
          .isInstanceOf(BadDocumentException.class)
          .hasMessageContaining("longer than");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }
  }
}
