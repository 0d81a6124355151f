package dev.quarry.ingestion.parse;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDDocumentOutline;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineItem;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The headings of a PDF, read with PDFBox next to Tika's text: the document outline (bookmarks)
 * when it has one, with the outline's depth as level and each entry's destination page; otherwise
 * (or when every entry of a longer document leads to the same page) lines set larger or bolder than
 * the body text ({@link PdfFontHeadings}).
 *
 * <p>Headings are an addition to the text: a PDF PDFBox cannot open here (damaged, encrypted) has
 * none, and Tika's parse decides whether and how the file fails.
 */
final class PdfStructure {

  private static final Logger LOG = LoggerFactory.getLogger(PdfStructure.class);

  /** Outline entries read at most: a hostile outline cannot grow without bound. */
  static final int MAX_HEADINGS = 10_000;

  private PdfStructure() {}

  /** The headings of {@code pdf} in page order (stable within a page), or none. */
  static List<PdfHeading> headings(byte[] pdf, String name) {
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      PDDocumentOutline outline = doc.getDocumentCatalog().getDocumentOutline();
      List<PdfHeading> headings = new ArrayList<>();
      if (outline != null) {
        Map<COSBase, Integer> pages = new HashMap<>();
        int number = 0;
        for (PDPage page : doc.getPages()) {
          pages.put(page.getCOSObject(), ++number);
        }
        walk(doc, outline, 1, pages, new HashSet<>(), headings);
      }
      if (pointsNowhere(headings, doc.getNumberOfPages())) {
        headings = PdfFontHeadings.of(doc);
      }
      headings.sort(Comparator.comparingInt(PdfHeading::page));
      return headings;
    } catch (IOException | RuntimeException e) {
      LOG.debug("{}: no headings from the PDF's outline or fonts: {}", name, e.toString());
      return List.of();
    }
  }

  /**
   * An outline that is no guide to a document of several pages: empty, or every entry on one page
   * (a broken export that points all bookmarks at the first page).
   */
  private static boolean pointsNowhere(List<PdfHeading> outline, int pages) {
    long distinctPages = outline.stream().mapToInt(PdfHeading::page).distinct().count();
    return distinctPages == 0 || (distinctPages == 1 && outline.size() > 1 && pages > 2);
  }

  /** The page an entry leads to, or {@code null} (no destination, a broken one, another file). */
  private static PDPage destination(PDDocument doc, PDOutlineItem item) {
    try {
      return item.findDestinationPage(doc);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static void walk(
      PDDocument doc,
      PDOutlineNode node,
      int level,
      Map<COSBase, Integer> pages,
      Set<COSBase> seen,
      List<PdfHeading> out) {
    for (PDOutlineItem item : node.children()) {
      if (!seen.add(item.getCOSObject()) || out.size() >= MAX_HEADINGS) {
        return; // a cycle, or enough
      }
      String title = item.getTitle() == null ? "" : BlockWriter.normalize(item.getTitle());
      PDPage page = destination(doc, item);
      Integer number = page == null ? null : pages.get(page.getCOSObject());
      if (number != null && !title.isEmpty()) {
        out.add(new PdfHeading(Math.min(6, level), title, number));
      }
      walk(doc, item, level + 1, pages, seen, out);
    }
  }
}
