package dev.quarry.ingestion.parse;

import dev.quarry.ingestion.BadDocumentException;
import dev.quarry.ingestion.IngestionException;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.tika.exception.TikaException;
import org.apache.tika.mime.MediaType;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.ocr.TesseractOCRConfig;
import org.apache.tika.parser.pdf.PDFParserConfig;

/**
 * Which files are read by OCR, and how.
 *
 * <ul>
 *   <li>PNG, JPEG, TIFF, BMP and GIF images: always, after their header shows they are within
 *       {@link OcrSettings#maxImagePixels()}; when OCR cannot run they fail with {@link
 *       OcrUnavailableException} instead of giving an empty document.
 *   <li>PDFs: only the pages without a text layer (Tika's {@code AUTO} strategy, decided page by
 *       page), so a page with text is read once, from its text. Not at all when a page rendered at
 *       {@link OcrSettings#DPI} would exceed the pixel limit.
 *   <li>Everything else, including images embedded in office files and archives: never.
 * </ul>
 */
final class OcrRules {

  private static final Set<String> OCR_IMAGES = Set.of("png", "jpeg", "tiff", "bmp", "gif");

  /** What Tika's {@code TesseractOCRParser} says when it stops Tesseract. */
  private static final String TIKA_TIMEOUT = "TesseractOCRParser timeout";

  private static final MediaType PDF = MediaType.application("pdf");

  private final OcrSettings settings;
  private final Tesseract tesseract;

  OcrRules(OcrSettings settings, Tesseract tesseract) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.tesseract = Objects.requireNonNull(tesseract, "tesseract");
  }

  /** A Tesseract configuration that OCRs nothing: the default for every parse. */
  static TesseractOCRConfig none() {
    TesseractOCRConfig config = new TesseractOCRConfig();
    config.setSkipOcr(true);
    return config;
  }

  /** Whether a file of this type is read only by OCR. */
  static boolean isScan(MediaType type) {
    return type.getType().equals("image") && OCR_IMAGES.contains(type.getSubtype());
  }

  /**
   * Sets OCR up in {@code context} (and in {@code pdf} for a PDF) for one parse.
   *
   * @return for a PDF, why its pages will not be OCR'd, to report if it turns out to have no text
   * @throws OcrUnavailableException if {@code type} is an image and OCR cannot run
   * @throws ImageTooLargeException if the image declares more pixels than the limit
   */
  Optional<IngestionException> configure(
      MediaType type, byte[] content, String name, ParseContext context, PDFParserConfig pdf) {
    TesseractOCRConfig config = none();
    config.setTimeoutSeconds(settings.pageTimeoutSeconds());
    context.set(TesseractOCRConfig.class, config);
    Optional<IngestionException> unavailable = unavailable(name);
    if (isScan(type)) {
      if (unavailable.isPresent()) {
        throw unavailable.get();
      }
      checkImage(type, content, name);
      config.setLanguage(settings.tesseractLanguages());
      config.setSkipOcr(false);
      return Optional.empty();
    }
    if (!type.equals(PDF)) {
      return Optional.empty();
    }
    pdf.setOcrStrategy(PDFParserConfig.OCR_STRATEGY.NO_OCR);
    if (unavailable.isPresent()) {
      return unavailable;
    }
    long pixels = PdfPageSizes.largestPagePixels(content, OcrSettings.DPI);
    if (pixels > settings.maxImagePixels()) {
      return Optional.of(tooLarge(name, "a page of this PDF", pixels));
    }
    config.setLanguage(settings.tesseractLanguages());
    config.setSkipOcr(false);
    pdf.setOcrStrategy(PDFParserConfig.OCR_STRATEGY.AUTO);
    pdf.setOcrDPI(OcrSettings.DPI);
    return Optional.empty();
  }

  /**
   * The failure to report when {@code e} is Tesseract's runner giving up on a page. Tika says so
   * only in the message of a plain {@code TikaException}; this is the one place that reads it.
   */
  Optional<IngestionException> timeout(String name, Exception e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof TikaException && String.valueOf(t.getMessage()).contains(TIKA_TIMEOUT)) {
        return Optional.of(
            new OcrTimeoutException(
                name,
                "OCR of one page took longer than "
                    + settings.pageTimeoutSeconds()
                    + " s and was stopped (quarry.ingestion.ocr.page-timeout; or split the file)",
                e));
      }
    }
    return Optional.empty();
  }

  /** The failure for a file that needed OCR and got none, or empty when OCR can run. */
  private Optional<IngestionException> unavailable(String name) {
    String reading = "it has no text layer and needs OCR (Tesseract), but ";
    if (!settings.enabled()) {
      return Optional.of(
          new OcrUnavailableException(
              name, reading + "OCR is switched off (quarry.ingestion.ocr.enabled)"));
    }
    if (!tesseract.installed()) {
      return Optional.of(
          new OcrUnavailableException(
              name,
              reading
                  + "tesseract is not installed on the server ("
                  + Tesseract.INSTALL_HINT
                  + ")"));
    }
    List<String> missing = tesseract.missing(settings);
    if (!tesseract.canRun(settings)) {
      return Optional.of(
          new OcrUnavailableException(
              name,
              reading
                  + "Tesseract has no language pack for "
                  + missing
                  + " (install tesseract-ocr-"
                  + missing.get(0)
                  + " or change quarry.ingestion.ocr.languages)"));
    }
    return Optional.empty();
  }

  private void checkImage(MediaType type, byte[] content, String name) {
    long pixels;
    try {
      pixels = ImageHeader.largestFramePixels(content);
    } catch (IOException | RuntimeException e) {
      throw new BadDocumentException(
          name, "cannot be read as " + type + " (damaged or not what it claims to be)", e);
    }
    if (pixels > settings.maxImagePixels()) {
      throw tooLarge(name, "the image", pixels);
    }
  }

  private ImageTooLargeException tooLarge(String name, String what, long pixels) {
    return new ImageTooLargeException(
        name,
        "refused: "
            + what
            + " has "
            + pixels
            + " pixels, over the OCR limit of "
            + settings.maxImagePixels()
            + " (quarry.ingestion.ocr.max-image-pixels)",
        pixels);
  }
}
