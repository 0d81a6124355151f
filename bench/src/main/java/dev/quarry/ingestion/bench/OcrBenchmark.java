package dev.quarry.ingestion.bench;

import dev.quarry.bench.Usage;
import dev.quarry.ingestion.Scans;
import dev.quarry.ingestion.parse.OcrSettings;
import dev.quarry.ingestion.parse.ParseLimits;
import dev.quarry.ingestion.parse.ParsedDocument;
import dev.quarry.ingestion.parse.Tesseract;
import dev.quarry.ingestion.parse.TikaDocumentParser;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * OCR pages per second through {@link TikaDocumentParser}: a scanned PDF of N image-only pages
 * (each 30 lines of seeded random English words, A4 at 150 DPI, rendered at 300 DPI for OCR), and
 * the same pages as N PNG files. One parsing thread. Usage: {@code OcrBenchmark [pages]}.
 */
public final class OcrBenchmark {

  private static final String[] WORDS = {
    "the",
    "office",
    "harbour",
    "report",
    "season",
    "water",
    "valve",
    "service",
    "manual",
    "check",
    "before",
    "after",
    "every",
    "morning",
    "supply",
    "pressure",
    "safety",
    "engineer",
    "record",
    "monthly",
    "filter",
    "replace",
    "install",
    "system",
    "control",
    "panel",
    "warning",
    "level"
  };

  private OcrBenchmark() {}

  public static void main(String[] args) {
    if (Usage.printed(args, 0, "./quarry bench-ocr [pages=10]")) {
      return;
    }
    int pages = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    System.out.println(Tesseract.onPath().describe(OcrSettings.defaults()));
    Random random = new Random(1);
    List<BufferedImage> images = new ArrayList<>();
    for (int p = 0; p < pages; p++) {
      List<String> lines = new ArrayList<>();
      for (int l = 0; l < 25; l++) {
        StringBuilder line = new StringBuilder();
        for (int w = 0; w < 7; w++) {
          line.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
        }
        lines.add(line.toString().strip());
      }
      images.add(Scans.page(lines));
    }
    ParseLimits limits = ParseLimits.defaults().withTimeout(Duration.ofHours(1));
    TikaDocumentParser parser = new TikaDocumentParser(limits, OcrSettings.defaults());
    parser.parse(Scans.encode(images.get(0), "png"), "warmup.png");

    byte[] pdf = Scans.pdf(new ArrayList<>(images));
    long t0 = System.nanoTime();
    ParsedDocument doc = parser.parse(pdf, "scan.pdf");
    report("PDF, image-only pages (300 DPI render)", pages, t0, doc.text().length());

    List<byte[]> pngs = images.stream().map(i -> Scans.encode(i, "png")).toList();
    long t1 = System.nanoTime();
    long chars = 0;
    for (int i = 0; i < pngs.size(); i++) {
      chars += parser.parse(pngs.get(i), "page-" + i + ".png").text().length();
    }
    report("PNG files (1240 x 1754)", pages, t1, chars);
  }

  private static void report(String what, int pages, long start, long chars) {
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "%s: %d pages in %.1f s = %.2f pages/s (%d characters)%n",
        what,
        pages,
        seconds,
        pages / seconds,
        chars);
  }
}
