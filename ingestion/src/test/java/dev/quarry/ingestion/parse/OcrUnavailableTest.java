package dev.quarry.ingestion.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.ingestion.Scans;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A file that needs OCR fails with {@link OcrUnavailableException} when OCR cannot run, never as an
 * empty document; files with text are not affected. Runs without Tesseract.
 */
class OcrUnavailableTest {

  private static final Tesseract MISSING = new Tesseract(false, "", Set.of());
  private static final Tesseract ENGLISH_ONLY = new Tesseract(true, "tesseract 5", Set.of("eng"));

  private static final byte[] PNG = Scans.encode(Scans.page(OcrTest.LETTER), "png");
  private static final byte[] SCANNED_PDF = Scans.pdf(List.of(Scans.page(OcrTest.LETTER)));

  @Test
  void should_refuse_an_image_when_ocr_is_switched_off() {
    TikaDocumentParser off =
        new TikaDocumentParser(
            ParseLimits.defaults(), OcrSettings.defaults().withEnabled(false), ENGLISH_ONLY);

    assertThatThrownBy(() -> off.parse(PNG, "letter.png"))
        .isInstanceOf(OcrUnavailableException.class)
        .hasMessageContaining("switched off");
    assertThatThrownBy(() -> off.parse(SCANNED_PDF, "scan.pdf"))
        .isInstanceOf(OcrUnavailableException.class)
        .hasMessageContaining("switched off");
  }

  @Test
  void should_read_a_text_pdf_when_ocr_is_switched_off() {
    TikaDocumentParser off =
        new TikaDocumentParser(
            ParseLimits.defaults(), OcrSettings.defaults().withEnabled(false), ENGLISH_ONLY);

    ParsedDocument doc = off.parse(Scans.pdf(List.of(OcrTest.TEXT_PAGE)), "text.pdf");

    assertThat(doc.text()).contains("warehouse inventory");
  }

  @Test
  void should_say_how_to_install_tesseract_when_it_is_missing() {
    TikaDocumentParser parser =
        new TikaDocumentParser(ParseLimits.defaults(), OcrSettings.defaults(), MISSING);

    assertThatThrownBy(() -> parser.parse(PNG, "letter.png"))
        .isInstanceOf(OcrUnavailableException.class)
        .hasMessageContaining("tesseract is not installed")
        .hasMessageContaining(Tesseract.INSTALL_HINT);
    assertThatThrownBy(() -> parser.parse(SCANNED_PDF, "scan.pdf"))
        .isInstanceOf(OcrUnavailableException.class);
  }

  @Test
  void should_name_the_missing_language_pack() {
    TikaDocumentParser parser =
        new TikaDocumentParser(
            ParseLimits.defaults(),
            OcrSettings.defaults().withLanguages(List.of("eng", "deu")),
            ENGLISH_ONLY);

    assertThatThrownBy(() -> parser.parse(PNG, "letter.png"))
        .isInstanceOf(OcrUnavailableException.class)
        .hasMessageContaining("[deu]")
        .hasMessageContaining("tesseract-ocr-deu");
  }

  @Test
  void should_refuse_a_huge_declared_image_before_anything_else_when_ocr_runs() {
    TikaDocumentParser parser =
        new TikaDocumentParser(ParseLimits.defaults(), OcrSettings.defaults(), ENGLISH_ONLY);

    assertThatThrownBy(() -> parser.parse(Scans.declaredPng(50_000, 50_000), "bomb.png"))
        .isInstanceOf(ImageTooLargeException.class)
        .satisfies(
            e -> assertThat(((ImageTooLargeException) e).pixels()).isEqualTo(2_500_000_000L));
  }

  @Test
  void should_refuse_settings_that_cannot_work() {
    assertThatThrownBy(() -> OcrSettings.defaults().withLanguages(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OcrSettings.defaults().withLanguages(List.of("eng; rm -rf")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OcrSettings.defaults().withMaxImagePixels(0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
