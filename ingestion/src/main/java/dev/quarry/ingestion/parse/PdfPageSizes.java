package dev.quarry.ingestion.parse;

import java.io.IOException;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;

/** The size of a PDF's pages once rendered for OCR, read from their boxes without rendering. */
final class PdfPageSizes {

  private static final float POINTS_PER_INCH = 72f;

  private PdfPageSizes() {}

  /**
   * The pixels (width × height) of the largest page rendered at {@code dpi}, or 0 when PDFBox
   * cannot open the file (Tika's parse then says why).
   */
  static long largestPagePixels(byte[] pdf, int dpi) {
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      double largest = 0;
      for (PDPage page : doc.getPages()) {
        PDRectangle box = page.getCropBox();
        double scale = dpi / POINTS_PER_INCH;
        largest = Math.max(largest, Math.abs(box.getWidth() * scale * box.getHeight() * scale));
      }
      return (long) Math.min(Long.MAX_VALUE, largest);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }
}
