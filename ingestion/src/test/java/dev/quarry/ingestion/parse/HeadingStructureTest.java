package dev.quarry.ingestion.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.ingestion.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.poi.xwpf.usermodel.VerticalAlign;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFRun;
import org.apache.poi.xwpf.usermodel.XWPFStyle;
import org.apache.poi.xwpf.usermodel.XWPFStyles;
import org.junit.jupiter.api.Test;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTBookmark;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTStyle;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.STStyleType;

/**
 * Headings are found in every format the way a reader sees them: without bookmark and anchor
 * debris, with Markdown setext underlines, and with numbered section lines in plain text.
 */
class HeadingStructureTest {

  private static final TikaDocumentParser PARSER = new TikaDocumentParser(ParseLimits.defaults());

  private static ParsedDocument parse(String text, String name) {
    return PARSER.parse(text.getBytes(StandardCharsets.UTF_8), name);
  }

  private static List<String> headings(ParsedDocument doc) {
    return doc.blocks().stream()
        .filter(b -> b.kind() == BlockKind.HEADING)
        .map(b -> b.headingPath().get(b.headingPath().size() - 1))
        .toList();
  }

  private static TextBlock block(ParsedDocument doc, String containing) {
    return doc.blocks().stream()
        .filter(b -> b.kind() != BlockKind.HEADING && doc.textOf(b).contains(containing))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no block contains '" + containing + "'"));
  }

  @Test
  void should_drop_bookmark_and_object_number_debris_when_parsing_odt() {
    // given: headings and paragraphs as SiSU writes them (Debian's live-manual): a bookmark in a
    // subscript span, and the object number 「529」 as text at the end
    String sub = "<text:span text:style-name=\"Span_subscript\">";
    String body =
        "<text:h text:outline-level=\"1\"> "
            + sub
            + "<text:bookmark-start text:name=\"529\"/><text:bookmark-end text:name=\"529\"/>"
            + "</text:span>Customizing run time behaviours "
            + sub
            + "「529」</text:span></text:h>"
            + "<text:h text:outline-level=\"2\">"
            + sub
            + "<text:bookmark text:name=\"h10\"/></text:span>10.1 Boot-time hooks "
            + sub
            + "「530」</text:span></text:h>"
            + "<text:p>All configuration that is done during run time is done by live-config. "
            + sub
            + "「531」</text:span></text:p>";

    // when
    ParsedDocument doc = PARSER.parse(Fixtures.odtWithBody(body), "live-manual.odt");

    // then
    assertThat(headings(doc))
        .containsExactly("Customizing run time behaviours", "10.1 Boot-time hooks");
    TextBlock paragraph = block(doc, "live-config");
    assertThat(paragraph.headingPath())
        .containsExactly("Customizing run time behaviours", "10.1 Boot-time hooks");
    assertThat(doc.textOf(paragraph))
        .isEqualTo("All configuration that is done during run time is done by live-config.");
    assertThat(doc.text()).doesNotContain("「");
  }

  @Test
  void should_drop_bookmark_and_object_number_debris_when_parsing_docx() {
    // given: a heading with a bookmark around its text and a subscript object number
    byte[] docx;
    try (XWPFDocument doc = new XWPFDocument()) {
      XWPFStyles styles = doc.createStyles();
      CTStyle style = CTStyle.Factory.newInstance();
      style.setStyleId("Heading1");
      style.setType(STStyleType.PARAGRAPH);
      style.addNewName().setVal("heading 1");
      styles.addStyle(new XWPFStyle(style));
      XWPFParagraph heading = doc.createParagraph();
      heading.setStyle("Heading1");
      CTBookmark bookmark = heading.getCTP().addNewBookmarkStart();
      bookmark.setName("_Toc12");
      bookmark.setId(BigInteger.valueOf(12));
      heading.createRun().setText("Harbour fees");
      heading.getCTP().addNewBookmarkEnd().setId(BigInteger.valueOf(12));
      XWPFRun number = heading.createRun();
      number.setText(" 「12」");
      number.setSubscript(VerticalAlign.SUBSCRIPT);
      doc.createParagraph().createRun().setText("Fees are paid at the harbour office.");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      doc.write(out);
      docx = out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }

    // when
    ParsedDocument doc = PARSER.parse(docx, "fees.docx");

    // then
    assertThat(headings(doc)).containsExactly("Harbour fees");
    assertThat(block(doc, "harbour office").headingPath()).containsExactly("Harbour fees");
    assertThat(doc.text()).doesNotContain("_Toc12", "「12」");
  }

  @Test
  void should_drop_self_link_debris_when_parsing_html() {
    // given: a pilcrow self-link in a heading (Sphinx) and paragraph numbers that link to their
    // own paragraph before every block (SiSU's EPUB and HTML); a footnote link inside text stays
    String html =
        "<html><body>"
            + "<a href=\"#o4\">4</a><h1 id=\"o4\">Installation<a class=\"headerlink\""
            + " href=\"#o4\">¶</a></h1>"
            + "<a href=\"#o5\">5</a><p id=\"o5\">Install the package first<a href=\"#fn1\">[1]</a>"
            + " and then reboot.</p></body></html>";

    // when
    ParsedDocument doc = parse(html, "install.html");

    // then
    assertThat(headings(doc)).containsExactly("Installation");
    assertThat(doc.blocks()).hasSize(2);
    assertThat(doc.textOf(block(doc, "package")))
        .isEqualTo("Install the package first[1] and then reboot.");
  }

  @Test
  void should_drop_symbol_self_links_from_running_text_but_keep_citation_numbers() {
    // given: permalinks after a Texinfo definition and a Sphinx term, a footnote's way back (↩),
    // and a citation link
    String html =
        "<html><body><dl><dt>Function: ffi_call (ffi_cif *cif)<a class=\"copiable-anchor\""
            + " href=\"#index-ffi_call\"> &para;</a></dt><dd>Calls the function.</dd>"
            + "<dt id=\"term-cif\">cif<a class=\"headerlink\" href=\"#term-cif\">#</a></dt>"
            + "<dd>The call interface.</dd></dl>"
            + "<p>Closures need a writable page<a href=\"#r7\">[7]</a>.</p>"
            + "<p>Seen on every platform. <a href=\"#fnref1\">↩︎</a></p></body></html>";

    // when
    ParsedDocument doc = parse(html, "reference.html");

    // then
    assertThat(doc.blocks())
        .extracting(doc::textOf)
        .containsExactly(
            "Function: ffi_call (ffi_cif *cif)",
            "Calls the function.",
            "cif",
            "The call interface.",
            "Closures need a writable page[7].",
            "Seen on every platform.");
  }

  @Test
  void should_strip_only_navigation_markers_from_headings() {
    // given
    String html =
        "<html><body><h1>【7】 Results [3]</h1><p>Yields rose.</p>"
            + "<h1>C# basics</h1><p>Types first.</p><h1>Section ¶</h1><p>Plain text.</p>"
            + "<h1>Tables [a]</h1><p>See [12] for the full table.</p></body></html>";

    // when
    ParsedDocument doc = parse(html, "markers.html");

    // then
    assertThat(headings(doc)).containsExactly("Results", "C# basics", "Section", "Tables [a]");
    assertThat(doc.textOf(block(doc, "full table"))).isEqualTo("See [12] for the full table.");
  }

  @Test
  void should_take_numbered_bold_paragraphs_for_subsections_when_parsing_html() {
    // given: subsections set as bold paragraphs under a real heading (SiSU's EPUB chapters),
    // next to paragraphs that start with numbers but are not headings
    String html =
        "<html><body><h1>1. About this manual</h1><p>It is a single access point.</p>"
            + "<p><b>1.1 For the impatient</b></p><p>Read the basics first.</p>"
            + "<p><b>1.1.1 Shortcuts</b></p><p>Skip the theory.</p>"
            + "<p>2.6.32 was the kernel in use.</p><p>1. Download the image</p>"
            + "<h1>2. Installation</h1><p><b>2.1 Requirements</b></p><p>A build needs root.</p>"
            + "</body></html>";

    // when
    ParsedDocument doc = parse(html, "manual.html");

    // then
    assertThat(block(doc, "basics").headingPath())
        .containsExactly("1. About this manual", "1.1 For the impatient");
    assertThat(block(doc, "theory").headingPath())
        .containsExactly("1. About this manual", "1.1 For the impatient", "1.1.1 Shortcuts");
    assertThat(block(doc, "kernel").kind()).isEqualTo(BlockKind.PARAGRAPH);
    assertThat(block(doc, "Download").kind()).isEqualTo(BlockKind.PARAGRAPH);
    assertThat(block(doc, "needs root").headingPath())
        .containsExactly("2. Installation", "2.1 Requirements");
  }

  @Test
  void should_recognise_setext_headings_when_parsing_markdown() {
    // given
    String md =
        "Harbour guide\n=============\n\nWelcome aboard.\n\nMooring\n-------\n\n"
            + "Tie up at the east quay.\n\n# Fees\n\nSub section\n---\n\nPay at the office.\n\n"
            + "- a list item\n---\n";

    // when
    ParsedDocument doc = parse(md, "guide.md");

    // then
    assertThat(doc.title()).isEqualTo("Harbour guide");
    assertThat(headings(doc)).containsExactly("Harbour guide", "Mooring", "Fees", "Sub section");
    assertThat(block(doc, "east quay").headingPath()).containsExactly("Harbour guide", "Mooring");
    assertThat(block(doc, "office").headingPath()).containsExactly("Fees", "Sub section");
    assertThat(doc.text()).isEqualTo(md); // offsets still point into the original file
  }

  @Test
  void should_recognise_numbered_and_underlined_headings_when_parsing_plain_text() {
    // given: a TXT manual with numbered sections, one of them underlined, and lines that look
    // numbered but are not headings: a sentence, a list of steps, a version, a table of contents
    String txt =
        "LIVE SYSTEMS MANUAL\n===================\n「1」\n\n"
            + "Contents\n\n1.1 Terms ........ 3\n\n"
            + "1. ABOUT THIS MANUAL\n--------------------\n「4」\n\n"
            + "This manual is a single access point.\n「5」\n\n"
            + "1.1 Terms\n\n"
            + "A live system boots without installation.\n\n"
            + "1.2.1 Applying Changes\n\n"
            + "Send patches to the list.\n\n"
            + "2.6.32 was the kernel in use at the time.\n\n"
            + "1. Download the image\n\n2. Write it to a stick\n\n"
            + "3.2 is the release that added persistence support to the live system build.\n\n"
            + "# apt-get install live-build\n\n"
            + "2. Installation\n\n"
            + "2.1 Requirements\n\n"
            + "A build needs root access.\n";

    // when
    ParsedDocument doc = parse(txt, "live-manual.txt");

    // then
    assertThat(headings(doc))
        .containsExactly(
            "LIVE SYSTEMS MANUAL",
            "1. ABOUT THIS MANUAL",
            "1.1 Terms",
            "1.2.1 Applying Changes",
            "2. Installation",
            "2.1 Requirements");
    assertThat(block(doc, "single access point").headingPath())
        .containsExactly("LIVE SYSTEMS MANUAL", "1. ABOUT THIS MANUAL");
    assertThat(block(doc, "boots without").headingPath())
        .containsExactly("LIVE SYSTEMS MANUAL", "1. ABOUT THIS MANUAL", "1.1 Terms");
    assertThat(block(doc, "patches").headingPath()).endsWith("1.2.1 Applying Changes");
    assertThat(block(doc, "kernel in use").kind()).isEqualTo(BlockKind.PARAGRAPH);
    assertThat(block(doc, "Download the image").kind()).isEqualTo(BlockKind.LIST_ITEM);
    assertThat(block(doc, "root access").headingPath())
        .containsExactly("LIVE SYSTEMS MANUAL", "2. Installation", "2.1 Requirements");
    assertThat(doc.blocks()).noneMatch(b -> doc.textOf(b).contains("「"));
    assertThat(doc.text()).isEqualTo(txt);
  }

  @Test
  void should_take_the_opening_line_of_a_text_file_for_its_title() {
    // given: a text file that opens with its title on a line of its own, as abstracts and
    // READMEs do, and files whose first line is not a title
    String abstractTxt =
        "Microstructural development of human newborn cerebral white matter.\n\n"
            + "Alterations of the architecture of cerebral white matter can affect development.\n";

    // when
    ParsedDocument doc = parse(abstractTxt, "4983.txt");

    // then: the title heads the document and is not body text
    assertThat(doc.title())
        .isEqualTo("Microstructural development of human newborn cerebral white matter.");
    assertThat(block(doc, "Alterations").headingPath()).containsExactly(doc.title());
    assertThat(doc.blocks()).filteredOn(b -> b.kind() != BlockKind.HEADING).hasSize(1);
    assertThat(doc.text()).isEqualTo(abstractTxt);

    // and: a greeting, a wrapped first paragraph, a lone line and Markdown stay as they are
    assertThat(headings(parse("Dear team,\n\nThe build is green again.\n", "mail.txt"))).isEmpty();
    assertThat(
            headings(
                parse(
                    "The build broke on Monday and\nwas fixed on Tuesday.\n\nAll green.\n",
                    "log.txt")))
        .isEmpty();
    assertThat(headings(parse("Only one line here.\n\n", "one.txt"))).isEmpty();
    assertThat(headings(parse("Release notes\n\nFixed the login page.\n", "notes.md"))).isEmpty();
  }
}
