package dev.quarry.ingestion.parse;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How images and PDF pages without a text layer are read by OCR (Tesseract through Tika).
 *
 * @param enabled whether OCR runs at all; when off, an image or a PDF without a text layer fails
 *     with {@link OcrUnavailableException}
 * @param languages Tesseract language codes tried on every page, e.g. {@code eng}, {@code deu};
 *     each needs its language pack ({@code tesseract-ocr-<code>})
 * @param pageTimeout longest time Tesseract may spend on one image or page, in whole seconds
 *     (rounded up); a page over it fails the file with {@link OcrTimeoutException}
 * @param maxImagePixels largest image (width × height) read, and largest PDF page once rendered at
 *     {@link #DPI}; checked from the file's header before anything is decoded
 */
public record OcrSettings(
    boolean enabled, List<String> languages, Duration pageTimeout, long maxImagePixels) {

  public static final List<String> DEFAULT_LANGUAGES = List.of("eng");
  public static final Duration DEFAULT_PAGE_TIMEOUT = Duration.ofSeconds(30);

  /** 100 megapixels: an A4 page scanned at 1200 DPI, or a large phone photo. */
  public static final long DEFAULT_MAX_IMAGE_PIXELS = 100_000_000L;

  /** Resolution a PDF page is rendered at for OCR (Tika's default, good for body text). */
  public static final int DPI = 300;

  private static final Pattern LANGUAGE = Pattern.compile("[a-z_]{3,}(?:_[a-z]+)*");

  public OcrSettings {
    Objects.requireNonNull(pageTimeout, "pageTimeout");
    languages = List.copyOf(Objects.requireNonNull(languages, "languages"));
    if (languages.isEmpty() || !languages.stream().allMatch(l -> LANGUAGE.matcher(l).matches())) {
      throw new IllegalArgumentException(
          "languages must be Tesseract language codes such as eng or deu, got " + languages);
    }
    if (pageTimeout.isNegative() || pageTimeout.isZero() || maxImagePixels < 1) {
      throw new IllegalArgumentException("pageTimeout and maxImagePixels must be positive");
    }
  }

  public static OcrSettings defaults() {
    return new OcrSettings(true, DEFAULT_LANGUAGES, DEFAULT_PAGE_TIMEOUT, DEFAULT_MAX_IMAGE_PIXELS);
  }

  public OcrSettings withEnabled(boolean value) {
    return new OcrSettings(value, languages, pageTimeout, maxImagePixels);
  }

  public OcrSettings withLanguages(List<String> value) {
    return new OcrSettings(enabled, value, pageTimeout, maxImagePixels);
  }

  public OcrSettings withPageTimeout(Duration value) {
    return new OcrSettings(enabled, languages, value, maxImagePixels);
  }

  public OcrSettings withMaxImagePixels(long value) {
    return new OcrSettings(enabled, languages, pageTimeout, value);
  }

  /** The page limit in whole seconds, as Tesseract's runner takes it. */
  int pageTimeoutSeconds() {
    long millis = pageTimeout.toMillis();
    return (int) Math.min(Integer.MAX_VALUE, (millis + 999) / 1000);
  }

  /** The languages as Tesseract's {@code -l} option takes them: {@code eng+deu}. */
  String tesseractLanguages() {
    return String.join("+", languages);
  }
}
