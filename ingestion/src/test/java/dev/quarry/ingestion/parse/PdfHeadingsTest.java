package dev.quarry.ingestion.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.destination.PDPageFitDestination;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDDocumentOutline;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineItem;
import org.junit.jupiter.api.Test;

/** PDF heading paths come from the outline when there is one, else from the fonts. */
class PdfHeadingsTest {

  private static final TikaDocumentParser PARSER = new TikaDocumentParser(ParseLimits.defaults());

  private static final PDType1Font REGULAR = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
  private static final PDType1Font BOLD = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);

  /** One line of a test page: its font, size and text. */
  private record Line(PDType1Font font, float size, String text) {
    static Line body(String text) {
      return new Line(REGULAR, 11, text);
    }
  }

  /** Writes the pages' lines top-down; each line gets a leading of 1.6× its size. */
  private static PDDocument document(List<List<Line>> pages) throws IOException {
    PDDocument doc = new PDDocument();
    for (List<Line> lines : pages) {
      PDPage page = new PDPage();
      doc.addPage(page);
      try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
        float y = 720;
        for (Line line : lines) {
          cs.beginText();
          cs.setFont(line.font(), line.size());
          cs.newLineAtOffset(60, y);
          cs.showText(line.text());
          cs.endText();
          y -= line.size() * 1.6f;
        }
      }
    }
    return doc;
  }

  private static byte[] save(PDDocument doc) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    doc.save(out);
    doc.close();
    return out.toByteArray();
  }

  private static PDOutlineItem bookmark(String title, PDPage page) {
    PDOutlineItem item = new PDOutlineItem();
    item.setTitle(title);
    PDPageFitDestination destination = new PDPageFitDestination();
    destination.setPage(page);
    item.setDestination(destination);
    return item;
  }

  private static TextBlock block(ParsedDocument doc, String containing) {
    return doc.blocks().stream()
        .filter(b -> b.kind() != BlockKind.HEADING && doc.textOf(b).contains(containing))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no block contains '" + containing + "'"));
  }

  private static List<String> headings(ParsedDocument doc) {
    return doc.blocks().stream()
        .filter(b -> b.kind() == BlockKind.HEADING)
        .map(doc::textOf)
        .toList();
  }

  @Test
  void should_take_heading_paths_from_the_outline_when_the_pdf_has_one() {
    // given: three pages; a section starts in the middle of page 2; all text in one font, so
    // only the outline can tell the headings apart
    byte[] pdf;
    try {
      PDDocument doc =
          document(
              List.of(
                  List.of(
                      Line.body("Introduction"),
                      Line.body("This guide explains how tides rise and fall.")),
                  List.of(
                      Line.body("Tide tables"),
                      Line.body("Tables list the times of high water."),
                      Line.body("Reading a table"),
                      Line.body("Each row is one day at one harbour.")),
                  List.of(Line.body("Spring tides follow the full moon."))));
      PDDocumentOutline outline = new PDDocumentOutline();
      doc.getDocumentCatalog().setDocumentOutline(outline);
      outline.addLast(bookmark("Introduction", doc.getPage(0)));
      PDOutlineItem tables = bookmark("Tide tables", doc.getPage(1));
      outline.addLast(tables);
      tables.addLast(bookmark("Reading a table", doc.getPage(1)));
      pdf = save(doc);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }

    // when
    ParsedDocument parsed = PARSER.parse(pdf, "tides.pdf");

    // then
    assertThat(headings(parsed)).containsExactly("Introduction", "Tide tables", "Reading a table");
    assertThat(block(parsed, "rise and fall").headingPath()).containsExactly("Introduction");
    assertThat(block(parsed, "high water").headingPath()).containsExactly("Tide tables");
    assertThat(block(parsed, "one harbour").headingPath())
        .containsExactly("Tide tables", "Reading a table");
    assertThat(block(parsed, "full moon").headingPath())
        .containsExactly("Tide tables", "Reading a table");
    // page numbers stay as they were
    assertThat(block(parsed, "rise and fall").page()).isEqualTo(1);
    assertThat(block(parsed, "one harbour").page()).isEqualTo(2);
    assertThat(block(parsed, "full moon").page()).isEqualTo(3);
    // the outline is structure now, not repeated as text at the end
    assertThat(parsed.text().split("Tide tables", -1)).hasSize(2);
  }

  @Test
  void should_take_heading_paths_from_font_size_and_weight_when_the_pdf_has_no_outline() {
    // given: a large title, a medium section heading, a bold run-in heading at body size, and a
    // bold sentence that is emphasis, not a heading
    byte[] pdf;
    try {
      pdf =
          save(
              document(
                  List.of(
                      List.of(
                          new Line(BOLD, 22, "Annual Report"),
                          Line.body("This report covers the harbour's year."),
                          Line.body("It was written by the harbour board."),
                          new Line(REGULAR, 15, "Results"),
                          Line.body("Revenue grew by a tenth over the year."),
                          new Line(BOLD, 11, "Method notes"),
                          Line.body("Figures are rounded to the nearest pound."),
                          new Line(BOLD, 11, "Ships must report at the gate."),
                          Line.body("The gate opens at dawn every day.")),
                      List.of(
                          new Line(REGULAR, 15, "Outlook"),
                          Line.body("Next year the new quay opens.")))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }

    // when
    ParsedDocument parsed = PARSER.parse(pdf, "report.pdf");

    // then
    assertThat(headings(parsed))
        .containsExactly("Annual Report", "Results", "Method notes", "Outlook");
    assertThat(block(parsed, "harbour board").headingPath()).containsExactly("Annual Report");
    assertThat(block(parsed, "Revenue grew").headingPath())
        .containsExactly("Annual Report", "Results");
    assertThat(block(parsed, "nearest pound").headingPath())
        .containsExactly("Annual Report", "Results", "Method notes");
    assertThat(block(parsed, "Ships must report").headingPath())
        .containsExactly("Annual Report", "Results", "Method notes");
    assertThat(block(parsed, "new quay").headingPath()).containsExactly("Annual Report", "Outlook");
    assertThat(block(parsed, "new quay").page()).isEqualTo(2);
  }

  @Test
  void should_fall_back_to_fonts_when_every_outline_entry_leads_to_the_first_page() {
    // given: a broken export whose bookmarks all point at page 1 of three
    byte[] pdf;
    try {
      PDDocument doc =
          document(
              List.of(
                  List.of(Line.body("Contents of the handbook are listed here for everyone.")),
                  List.of(new Line(BOLD, 16, "Mooring"), Line.body("Tie up at the east quay.")),
                  List.of(new Line(BOLD, 16, "Fees"), Line.body("Pay at the harbour office."))));
      PDDocumentOutline outline = new PDDocumentOutline();
      doc.getDocumentCatalog().setDocumentOutline(outline);
      outline.addLast(bookmark("Mooring", doc.getPage(0)));
      outline.addLast(bookmark("Fees", doc.getPage(0)));
      pdf = save(doc);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }

    // when
    ParsedDocument parsed = PARSER.parse(pdf, "handbook.pdf");

    // then: the headings sit on the pages where their text is
    assertThat(block(parsed, "listed here").headingPath()).isEmpty();
    assertThat(block(parsed, "east quay").headingPath()).containsExactly("Mooring");
    assertThat(block(parsed, "harbour office").headingPath()).containsExactly("Fees");
  }

  @Test
  void should_match_a_title_at_the_start_of_a_line_ignoring_case_and_spacing() {
    assertThat(PdfHeadingAligner.matchEnd("1.2  Terms and more", "1.2 terms")).isEqualTo(10);
    assertThat(PdfHeadingAligner.matchEnd("Terminology", "Term")).isEqualTo(-1);
    assertThat(PdfHeadingAligner.matchEnd("See Terms", "Terms")).isEqualTo(-1);
  }
}
