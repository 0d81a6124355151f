package dev.quarry.api.storage;

import dev.quarry.api.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.apache.tika.Tika;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;

/**
 * Decides from the bytes (and the name) whether Quarry can read an upload. Text, office documents,
 * PDF, e-books and markup are accepted, and so are PNG, JPEG, TIFF, BMP and GIF images when OCR can
 * run; other images, audio, video, archives and executables are refused with 415, before any worker
 * spends time on them. Thread-safe.
 */
public final class UploadTypes {

  private static final Set<String> REFUSED_TOP_LEVEL = Set.of("image", "audio", "video");

  /** Images read by OCR ({@code dev.quarry.ingestion.parse.OcrRules}). */
  private static final Set<String> OCR_IMAGES =
      Set.of("image/png", "image/jpeg", "image/tiff", "image/bmp", "image/gif");

  private static final Set<String> REFUSED =
      Set.of(
          "application/zip",
          "application/gzip",
          "application/x-gzip",
          "application/x-tar",
          "application/x-7z-compressed",
          "application/x-rar-compressed",
          "application/vnd.rar",
          "application/x-bzip2",
          "application/java-archive",
          "application/x-executable",
          "application/x-sharedlib",
          "application/x-msdownload",
          "application/x-dosexec",
          "application/x-mach-o-executable",
          "application/octet-stream");

  private final Tika tika = new Tika();
  private final boolean ocr;

  /**
   * @param ocr whether images can be read (OCR is on and Tesseract is installed with its languages)
   */
  public UploadTypes(boolean ocr) {
    this.ocr = ocr;
  }

  /**
   * @return the detected media type
   * @throws ApiException 415 when Quarry cannot read that type
   */
  public String check(Path file, String name) {
    Metadata metadata = new Metadata();
    metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, name);
    String type;
    try (InputStream in = Files.newInputStream(file)) {
      type = tika.detect(in, metadata);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the upload " + file, e);
    }
    MediaType media = MediaType.parse(type);
    String base = media == null ? type : media.getBaseType().toString();
    if (Files.isRegularFile(file) && sizeOf(file) == 0) {
      return "text/plain"; // empty files are accepted and fail in ingestion with a clear reason
    }
    if (ocr && OCR_IMAGES.contains(base)) {
      return base;
    }
    if (OCR_IMAGES.contains(base)) {
      throw ApiException.unsupportedType(
          "'"
              + name
              + "' is "
              + base
              + ", which needs OCR, and OCR is switched off or Tesseract is not installed on this"
              + " server (see its start-up log).");
    }
    if (REFUSED.contains(base) || (media != null && REFUSED_TOP_LEVEL.contains(media.getType()))) {
      throw ApiException.unsupportedType(
          "'"
              + name
              + "' is "
              + base
              + ", which Quarry cannot read. Upload text, Markdown, HTML, PDF, Word,"
              + " PowerPoint, Excel, OpenDocument, RTF, EPUB or PNG, JPEG, TIFF images.");
    }
    return base;
  }

  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
