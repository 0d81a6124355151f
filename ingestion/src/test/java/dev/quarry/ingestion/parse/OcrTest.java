package dev.quarry.ingestion.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.ingestion.NeedsTesseract;
import dev.quarry.ingestion.Scans;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Images and PDF pages without a text layer are read by Tesseract; nothing else is. */
class OcrTest {

  static final List<String> LETTER =
      List.of(
          "The harbour office opens at seven",
          "every morning except on public holidays.",
          "Visitors collect their badge at the gate",
          "and sign the register in the lobby.");

  static final List<String> TEXT_PAGE =
      List.of("Printed page about the warehouse inventory", "counted twice each winter season.");

  private static final TikaDocumentParser PARSER = new TikaDocumentParser(ParseLimits.defaults());

  @BeforeAll
  static void needsTesseract() {
    NeedsTesseract.check();
  }

  /** The share of {@code lines}' words found in {@code text}, case and punctuation ignored. */
  static double wordsFound(List<String> lines, String text) {
    Set<String> found = words(text).collect(Collectors.toSet());
    List<String> expected = lines.stream().flatMap(OcrTest::words).toList();
    return (double) expected.stream().filter(found::contains).count() / expected.size();
  }

  private static java.util.stream.Stream<String> words(String text) {
    return Arrays.stream(Pattern.compile("[^\\p{L}\\p{N}]+").split(text.toLowerCase(Locale.ROOT)))
        .filter(w -> !w.isEmpty());
  }

  @Test
  void should_read_the_words_of_a_png() {
    byte[] png = Scans.encode(Scans.page(LETTER), "png");

    ParsedDocument doc = PARSER.parse(png, "letter.png");

    assertThat(doc.mediaType()).isEqualTo("image/png");
    assertThat(wordsFound(LETTER, doc.text())).isGreaterThanOrEqualTo(0.95);
  }

  @Test
  void should_read_a_pdf_without_text_layer() {
    byte[] pdf = Scans.pdf(List.of(Scans.page(LETTER)));

    ParsedDocument doc = PARSER.parse(pdf, "scan.pdf");

    assertThat(wordsFound(LETTER, doc.text())).isGreaterThanOrEqualTo(0.95);
  }

  @Test
  void should_ocr_only_the_page_without_text_when_pdf_is_mixed() {
    byte[] pdf = Scans.pdf(List.of(TEXT_PAGE, Scans.page(LETTER)));

    ParsedDocument doc = PARSER.parse(pdf, "mixed.pdf");

    assertThat(wordsFound(LETTER, doc.text())).isGreaterThanOrEqualTo(0.95);
    assertThat(wordsFound(TEXT_PAGE, doc.text())).isEqualTo(1.0);
    assertThat(doc.text().split("warehouse", -1)).as("the text page is read once").hasSize(2);
  }

  @Test
  void should_read_a_slightly_rotated_noisy_scan() {
    BufferedImage scan = Scans.scanned(Scans.page(LETTER), 2.5, 42);
    byte[] jpeg = Scans.encode(scan, "jpeg");

    ParsedDocument doc = PARSER.parse(jpeg, "photo.jpg");

    assertThat(wordsFound(LETTER, doc.text())).isGreaterThanOrEqualTo(0.95);
  }

  @Test
  void should_say_no_text_when_image_has_none() {
    byte[] blank = Scans.encode(Scans.page(List.of()), "png");

    assertThatThrownBy(() -> PARSER.parse(blank, "blank.png"))
        .isInstanceOf(dev.quarry.ingestion.IngestionException.class)
        .hasMessageContaining("OCR found no text");
  }

  @Test
  void should_refuse_a_pdf_page_larger_than_the_pixel_limit_when_it_has_no_text() {
    TikaDocumentParser strict =
        new TikaDocumentParser(
            ParseLimits.defaults(), OcrSettings.defaults().withMaxImagePixels(1_000_000));
    byte[] pdf = Scans.pdf(List.of(Scans.page(LETTER)));

    assertThatThrownBy(() -> strict.parse(pdf, "scan.pdf"))
        .isInstanceOf(ImageTooLargeException.class)
        .hasMessageContaining("a page of this PDF");
  }

  @Test
  void should_refuse_from_the_header_when_png_declares_a_huge_image() {
    byte[] bomb = Scans.declaredPng(50_000, 50_000);

    assertThatThrownBy(() -> PARSER.parse(bomb, "bomb.png"))
        .isInstanceOf(ImageTooLargeException.class)
        .hasMessageContaining("2500000000 pixels");
  }

  @Test
  void should_stop_a_page_when_it_takes_longer_than_the_page_limit() {
    TikaDocumentParser hurried =
        new TikaDocumentParser(
            ParseLimits.defaults(), OcrSettings.defaults().withPageTimeout(Duration.ofMillis(1)));
    byte[] png = Scans.encode(Scans.densePage(), "png");

    assertThatThrownBy(() -> hurried.parse(png, "dense.png"))
        .isInstanceOf(OcrTimeoutException.class);
  }

  @Test
  void should_stop_a_pdf_page_when_it_takes_longer_than_the_page_limit() {
    TikaDocumentParser hurried =
        new TikaDocumentParser(
            ParseLimits.defaults(), OcrSettings.defaults().withPageTimeout(Duration.ofMillis(1)));
    byte[] pdf = Scans.pdf(List.of(Scans.densePage()));

    assertThatThrownBy(() -> hurried.parse(pdf, "dense.pdf"))
        .isInstanceOf(OcrTimeoutException.class);
  }
}
