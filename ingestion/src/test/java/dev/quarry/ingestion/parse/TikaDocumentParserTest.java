package dev.quarry.ingestion.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.ingestion.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TikaDocumentParserTest {

  private static final TikaDocumentParser PARSER = new TikaDocumentParser(ParseLimits.defaults());

  private static ParsedDocument parse(byte[] content, String name) {
    ParsedDocument doc = PARSER.parse(content, name);
    for (TextBlock b : doc.blocks()) {
      assertThat(doc.textOf(b)).isNotBlank().isEqualTo(doc.textOf(b).strip());
    }
    return doc;
  }

  private static ParsedDocument parse(String content, String name) {
    return parse(content.getBytes(StandardCharsets.UTF_8), name);
  }

  private static List<String> texts(ParsedDocument doc, BlockKind kind) {
    return doc.blocks().stream().filter(b -> b.kind() == kind).map(doc::textOf).toList();
  }

  @Test
  void should_number_pages_when_parsing_pdf() {
    // given
    byte[] pdf =
        Fixtures.pdf(
            "Tide tables",
            List.of(
                List.of("The first page talks about the moon."),
                List.of("The second page talks about the sun.")));

    // when
    ParsedDocument doc = parse(pdf, "tides.pdf");

    // then
    assertThat(doc.mediaType()).isEqualTo("application/pdf");
    assertThat(doc.title()).isEqualTo("Tide tables");
    assertThat(doc.metadata()).containsEntry("author", "Ada Lovelace");
    TextBlock moon = block(doc, "moon");
    TextBlock sun = block(doc, "sun");
    assertThat(moon.page()).isEqualTo(1);
    assertThat(sun.page()).isEqualTo(2);
  }

  @Test
  void should_number_slides_when_parsing_pptx() {
    // given
    byte[] pptx =
        Fixtures.pptx(List.of("Quarterly goals and targets", "Hiring plan for the spring"));

    // when
    ParsedDocument doc = parse(pptx, "deck.pptx");

    // then
    assertThat(block(doc, "Quarterly goals").page()).isEqualTo(1);
    assertThat(block(doc, "Hiring plan").page()).isEqualTo(2);
  }

  @Test
  void should_read_paragraphs_when_parsing_rtf() {
    // given
    String rtf =
        "{\\rtf1\\ansi{\\fonttbl\\f0\\fswiss Helvetica;}\\f0\\pard First RTF paragraph.\\par\n"
            + "\\pard Second RTF paragraph.\\par\n}";

    // when
    ParsedDocument doc = parse(rtf, "letter.rtf");

    // then
    assertThat(doc.mediaType()).isEqualTo("application/rtf");
    assertThat(texts(doc, BlockKind.PARAGRAPH))
        .contains("First RTF paragraph.", "Second RTF paragraph.");
  }

  @Test
  void should_keep_heading_path_when_parsing_docx() {
    // given
    byte[] docx =
        Fixtures.docx(
            "Field guide",
            List.of(
                new Object[] {1, "Birds"},
                new Object[] {2, "Owls"},
                new Object[] {0, "Owls hunt at night and fly silently."},
                new Object[] {1, "Mammals"},
                new Object[] {0, "Bats also hunt at night."}));

    // when
    ParsedDocument doc = parse(docx, "guide.docx");

    // then
    assertThat(doc.title()).isEqualTo("Field guide");
    assertThat(doc.metadata()).containsEntry("author", "Grace Hopper");
    assertThat(texts(doc, BlockKind.HEADING)).containsExactly("Birds", "Owls", "Mammals");
    assertThat(block(doc, "silently").headingPath()).containsExactly("Birds", "Owls");
    assertThat(block(doc, "Bats").headingPath()).containsExactly("Mammals");
  }

  @Test
  void should_drop_navigation_scripts_and_styles_when_parsing_html() {
    // given
    String html =
        "<html><head><title>Lighthouses</title><style>p { color: red }</style>"
            + "<script>var tracker = 'sneaky';</script></head><body>"
            + "<nav><a href='/'>Home</a> <a href='/about'>About us</a></nav>"
            + "<h1>Lighthouses</h1><p>A lighthouse warns ships at night.</p>"
            + "<h2>Lenses</h2><p>Fresnel lenses focus the light.</p>"
            + "<ul><li>First item</li><li>Second item</li></ul>"
            + "<script>console.log('also sneaky')</script></body></html>";

    // when
    ParsedDocument doc = parse(html, "page.html");

    // then
    assertThat(doc.mediaType()).isEqualTo("text/html");
    assertThat(doc.title()).isEqualTo("Lighthouses");
    assertThat(doc.text())
        .contains("A lighthouse warns ships at night.")
        .doesNotContain("sneaky", "About us", "color");
    assertThat(block(doc, "Fresnel").headingPath()).containsExactly("Lighthouses", "Lenses");
    assertThat(texts(doc, BlockKind.LIST_ITEM)).containsExactly("First item", "Second item");
  }

  @Test
  void should_drop_a_texinfo_manual_s_navigation_lines_and_section_menus_when_parsing_html() {
    // given: a page as GNU Texinfo writes it: "Next: …, Up: …" above the text (with rel) and
    // below it (without), a section menu of shortcut links, and content links that stay
    String html =
        "<html><body><div class=\"header\"><p>Next: <a href=\"Types.html\" accesskey=\"n\""
            + " rel=\"next\">Types</a>, Up: <a href=\"Using.html\" accesskey=\"u\" rel=\"up\">"
            + "Using libffi</a> &nbsp; [<a href=\"Index.html\" rel=\"index\">Index</a>]</p></div>"
            + "<hr><h3>2.1 The Basics</h3>"
            + "<p><code>ffi_prep_cif</code> returns <code>FFI_BAD_ABI</code> if the abi parameter"
            + " is invalid. See <a href=\"Types.html\">Types</a>.</p>"
            + "<ul class=\"section-toc\"><li><a href=\"Simple.html\" accesskey=\"1\">Simple"
            + " Example</a></li><li><a href=\"Closures.html\" accesskey=\"2\">The Closure API</a>"
            + "</li></ul>"
            + "<p>Next: <a href=\"Types.html\">Types</a>, Previous: <a href=\"Intro.html\">"
            + "Introduction</a>, Up: <a href=\"Using.html\">Using libffi</a> &nbsp; [<a"
            + " href=\"Index.html\" title=\"Index\" rel=\"index\">Index</a>]</p>"
            + "<p>Read <a href=\"Types.html\" rel=\"next\">the next section</a> on types.</p>"
            + "</body></html>";

    // when
    ParsedDocument doc = parse(html, "The-Basics.html");

    // then
    assertThat(texts(doc, BlockKind.PARAGRAPH))
        .containsExactly(
            "ffi_prep_cif returns FFI_BAD_ABI if the abi parameter is invalid. See Types.",
            "Read the next section on types.");
    assertThat(texts(doc, BlockKind.LIST_ITEM)).isEmpty();
    assertThat(doc.text()).doesNotContain("Index", "Up:", "Closure");
  }

  @Test
  void should_drop_a_docbook_page_s_navigation_tables_and_keep_its_contents_out_of_headings() {
    // given: a chapter as DocBook's stylesheets write it (Valgrind's manual): navigation tables
    // above and below, and a table of contents whose numbered entries look like headings
    String html =
        "<html><body><div><table class=\"nav\" summary=\"Navigation header\"><tr><td><a"
            + " accesskey=\"p\" href=\"intro.html\"><img alt=\"Prev\"></a></td>"
            + "<th>Valgrind User Manual</th></tr></table></div>"
            + "<h1>2. Using the Valgrind core</h1><div class=\"toc\"><p><b>Table of"
            + " Contents</b></p><dl class=\"toc\"><dt><a href=\"core.html#whatdoes\">2.1. What"
            + " Valgrind does</a></dt><dt><a href=\"core.html#started\">2.2. Getting"
            + " started</a></dt><dt>2.3. <a href=\"core.html#help\">Getting help</a></dt></dl></div>"
            + "<p>This chapter describes the core services.</p>"
            + "<h2>2.1. What Valgrind does</h2><p>Valgrind runs your program on a synthetic CPU.</p>"
            + "<table class=\"nav\" summary=\"Navigation footer\"><tr><td><a accesskey=\"p\""
            + " href=\"intro.html\">&lt;&lt; 1. Introduction</a></td><td><a accesskey=\"u\""
            + " href=\"manual.html\">Up</a></td></tr><tr><td><a accesskey=\"h\""
            + " href=\"index.html\">Home</a></td></tr></table></body></html>";

    // when
    ParsedDocument doc = parse(html, "core.html");

    // then
    assertThat(texts(doc, BlockKind.HEADING))
        .containsExactly("2. Using the Valgrind core", "2.1. What Valgrind does");
    assertThat(block(doc, "core services").headingPath())
        .containsExactly("2. Using the Valgrind core");
    assertThat(texts(doc, BlockKind.LIST_ITEM))
        .containsExactly("2.1. What Valgrind does", "2.2. Getting started", "2.3. Getting help");
    assertThat(texts(doc, BlockKind.TABLE_ROW)).isEmpty();
    assertThat(doc.text()).doesNotContain("User Manual", "Introduction", "Home");
  }

  @Test
  void should_read_a_docbook_faq_as_questions_with_their_answers_not_as_a_table() {
    // given: DocBook's FAQ layout: a table per part, a number cell beside each question
    String html =
        "<html><body><h1>Valgrind FAQ</h1><table summary=\"Q and A Div\"><tr class=\"question\">"
            + "<td><b>1.2.</b></td><td><b>Where does the name \"Valgrind\" come"
            + " from?</b></td></tr><tr class=\"answer\"><td></td><td><p>From Nordic mythology.</p>"
            + "<p>It is the main entrance to Valhalla.</p></td></tr></table></body></html>";

    // when
    ParsedDocument doc = parse(html, "faq.html");

    // then
    assertThat(texts(doc, BlockKind.TABLE_ROW)).isEmpty();
    assertThat(block(doc, "Valhalla").headingPath())
        .containsExactly("Valgrind FAQ", "1.2. Where does the name \"Valgrind\" come from?");
    assertThat(texts(doc, BlockKind.PARAGRAPH))
        .containsExactly("From Nordic mythology.", "It is the main entrance to Valhalla.");
  }

  @Test
  void should_lose_no_text_when_a_layout_table_code_and_navigation_are_left_unclosed() {
    // given: a data table inside an FAQ's layout table, a pre and a navigation div, none closed
    String html =
        "<html><body><h1>Setup</h1><table summary=\"Q and A Set\"><tr><td>1.1.</td><td>Which"
            + " port?<table><tr><th>Key</th><th>Value</th></tr><tr><td>port</td><td>8080</td>"
            + "</tr></table><pre>line one\n  line two<div role=\"navigation\">Home</div>"
            + "<p>After the code, unclosed everything";

    // when
    ParsedDocument doc = parse(html, "broken.html");

    // then
    assertThat(texts(doc, BlockKind.TABLE_ROW))
        .containsExactly("Key | Value", "Key: port; Value: 8080");
    assertThat(doc.text())
        .contains("Which port?", "line one\n  line two", "After the code, unclosed everything")
        .doesNotContain("Home");
  }

  @Test
  void should_keep_the_section_menu_of_a_page_that_holds_nothing_else_when_parsing_html() {
    // given: a Texinfo chapter's first page: its navigation line, its heading and its menu
    String html =
        "<html><body><p>Next: <a href=\"Abi.html\" accesskey=\"n\" rel=\"next\">Multiple"
            + " ABIs</a>, Up: <a href=\"Using.html\" accesskey=\"u\" rel=\"up\">Using"
            + " libffi</a></p><h3>2.3 Types</h3><ul class=\"section-toc\"><li><a"
            + " href=\"Primitive.html\" accesskey=\"1\">Primitive Types</a></li><li><a"
            + " href=\"Structures.html\" accesskey=\"2\">Structures</a></li></ul></body></html>";

    // when
    ParsedDocument doc = parse(html, "Types.html");

    // then: indexed as the table of contents it is, not refused for having no text
    assertThat(texts(doc, BlockKind.LIST_ITEM)).containsExactly("Primitive Types", "Structures");
    assertThat(block(doc, "Structures").headingPath()).containsExactly("2.3 Types");
    assertThat(doc.text()).doesNotContain("Next:", "Using libffi");
  }

  @Test
  void should_drop_what_a_page_marks_as_navigation_or_search_when_parsing_html() {
    // given: a Sphinx page: its related-pages bar and sidebar are divs with ARIA roles
    String html =
        "<html><body><div class=\"related\" role=\"navigation\" aria-label=\"related\">"
            + "<h3>Navigation</h3><ul><li><a href=\"genindex.html\">index</a></li>"
            + "<li><a href=\"next.html\">Installing the agent</a></li></ul></div>"
            + "<div class=\"body\" role=\"main\"><h1>Tuning</h1><div><div>"
            + "<p>Raise the heap for large indexes.</p></div></div></div>"
            + "<div class=\"sphinxsidebar\" role=\"navigation\"><h3>Previous topic</h3>"
            + "<p><a href=\"prev.html\">Backups</a></p>"
            + "<div id=\"searchbox\" role=\"search\"><h3>Quick search</h3></div></div>"
            + "<p>Restart after a change.</p></body></html>";

    // when
    ParsedDocument doc = parse(html, "tuning.html");

    // then
    assertThat(texts(doc, BlockKind.HEADING)).containsExactly("Tuning");
    assertThat(texts(doc, BlockKind.PARAGRAPH))
        .containsExactly("Raise the heap for large indexes.", "Restart after a change.");
    assertThat(block(doc, "Restart").headingPath()).containsExactly("Tuning");
  }

  @Test
  void should_keep_the_lines_and_indentation_of_preformatted_text_when_parsing_html() {
    // given: a terminal session and a function, each in a pre (the second with a line break
    // element and a tab), between paragraphs
    String html =
        "<html><body><p>Run it under Memcheck:</p>"
            + "<pre>\n  $ valgrind ./prog\n  ==12== Memcheck, a memory error detector\n\n\n"
            + "  ==12== ERROR SUMMARY: 0 errors   \n</pre>"
            + "<pre><b>int</b> main()<br>{<br>\treturn 0;<br>}</pre><p>That is all.</p></body></html>";

    // when
    ParsedDocument doc = parse(html, "memcheck.html");

    // then
    assertThat(texts(doc, BlockKind.CODE))
        .containsExactly(
            "$ valgrind ./prog\n==12== Memcheck, a memory error detector\n\n"
                + "==12== ERROR SUMMARY: 0 errors",
            "int main()\n{\n\treturn 0;\n}");
    assertThat(texts(doc, BlockKind.PARAGRAPH))
        .containsExactly("Run it under Memcheck:", "That is all.");
  }

  @Test
  void should_make_text_in_separate_divs_separate_blocks_when_parsing_html() {
    // given
    String html =
        "<html><body><div>Ports below 1024 need root.</div><div>Use 8080 instead.</div>"
            + "<section><p>First paragraph.</p>Loose text after it.</section>"
            + "<details><summary>Why?</summary>Because of privileged ports.</details></body></html>";

    // when
    ParsedDocument doc = parse(html, "ports.html");

    // then
    assertThat(texts(doc, BlockKind.PARAGRAPH))
        .containsExactly(
            "Ports below 1024 need root.",
            "Use 8080 instead.",
            "First paragraph.",
            "Loose text after it.",
            "Why?",
            "Because of privileged ports.");
  }

  @Test
  void should_find_headings_paragraphs_and_list_items_when_parsing_markdown() {
    // given
    String md =
        "# Gardening\n\nIntro paragraph\nwrapped over two lines.\n\n## Tomatoes\n\n"
            + "Tomatoes need sun.\n\n- water daily\n- stake the stems\n\n"
            + "```\n# not a heading\n```\n";

    // when
    ParsedDocument doc = parse(md, "garden.md");

    // then
    assertThat(doc.title()).isEqualTo("Gardening");
    assertThat(texts(doc, BlockKind.HEADING)).containsExactly("Gardening", "Tomatoes");
    assertThat(block(doc, "Intro").headingPath()).containsExactly("Gardening");
    assertThat(doc.textOf(block(doc, "Intro")))
        .isEqualTo("Intro paragraph\nwrapped over two lines.");
    assertThat(block(doc, "need sun").headingPath()).containsExactly("Gardening", "Tomatoes");
    assertThat(texts(doc, BlockKind.LIST_ITEM))
        .containsExactly("- water daily", "- stake the stems");
    assertThat(doc.text()).isEqualTo(md); // offsets point into the original file
  }

  @Test
  void should_write_rows_as_header_value_when_parsing_csv() {
    // given
    String csv = "city,country,population\nParis,France,2100000\nLyon,France,520000\n";

    // when
    ParsedDocument doc = parse(csv, "cities.csv");

    // then
    assertThat(texts(doc, BlockKind.TABLE_ROW))
        .contains(
            "city: Paris; country: France; population: 2100000",
            "city: Lyon; country: France; population: 520000");
  }

  @Test
  void should_write_rows_as_header_value_when_parsing_xlsx() {
    // given
    byte[] xlsx =
        Fixtures.xlsx(
            "Stock",
            List.of(
                List.of("item", "colour", "count"),
                List.of("pen", "blue", "12"),
                List.of("ink", "black", "3")));

    // when
    ParsedDocument doc = parse(xlsx, "stock.xlsx");

    // then
    assertThat(texts(doc, BlockKind.TABLE_ROW))
        .contains("item: pen; colour: blue; count: 12", "item: ink; colour: black; count: 3");
  }

  @Test
  void should_read_subject_sender_and_body_when_parsing_eml() {
    // given
    String eml =
        "From: Alice Example <alice@example.org>\r\nTo: bob@example.org\r\n"
            + "Subject: Quarterly harvest report\r\nDate: Tue, 3 Mar 2026 10:00:00 +0000\r\n"
            + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n"
            + "The apple harvest doubled this quarter.\r\n";

    // when
    ParsedDocument doc = parse(eml, "report.eml");

    // then
    assertThat(doc.mediaType()).isEqualTo("message/rfc822");
    assertThat(doc.title()).isEqualTo("Quarterly harvest report");
    assertThat(doc.metadata()).containsKey("date");
    assertThat(doc.metadata().get("author")).contains("Alice");
    assertThat(doc.text()).contains("The apple harvest doubled this quarter.");
  }

  @Test
  void should_read_chapter_headings_when_parsing_epub() {
    // given
    byte[] epub =
        Fixtures.epub(
            "Frankenstein",
            "<h1>Letter 1</h1><p>You will rejoice to hear that no disaster has accompanied"
                + " the commencement of an enterprise.</p>");

    // when
    ParsedDocument doc = parse(epub, "book.epub");

    // then
    assertThat(doc.mediaType()).isEqualTo("application/epub+zip");
    assertThat(doc.title()).isEqualTo("Frankenstein");
    assertThat(block(doc, "rejoice").headingPath()).contains("Letter 1");
  }

  @Test
  void should_keep_heading_path_when_parsing_odt() {
    // given
    byte[] odt = Fixtures.odt("Minutes", "The board approved the budget.");

    // when
    ParsedDocument doc = parse(odt, "minutes.odt");

    // then
    assertThat(doc.mediaType()).isEqualTo("application/vnd.oasis.opendocument.text");
    assertThat(block(doc, "approved").headingPath()).containsExactly("Minutes");
  }

  @Test
  void should_read_json_as_text_when_parsing_json() {
    // given
    String json = "{\"name\": \"Quarry\", \"purpose\": \"answer questions from documents\"}";

    // when
    ParsedDocument doc = parse(json, "config.json");

    // then
    assertThat(doc.text()).isEqualTo(json);
  }

  @Test
  void should_detect_type_from_content_when_the_name_lies() {
    // given
    byte[] pdf = Fixtures.pdf("Disguised", List.of(List.of("A PDF wearing a text name.")));

    // when
    ParsedDocument doc = parse(pdf, "notes.txt");

    // then
    assertThat(doc.mediaType()).isEqualTo("application/pdf");
    assertThat(doc.text()).contains("A PDF wearing a text name.");
  }

  @Test
  void should_take_the_media_type_the_caller_detected_instead_of_detecting_it_again() {
    // given: Markdown in a file whose name says plain text, and a caller that knows better
    byte[] notes = "# Harbour\n\nBoats leave at dawn.\n".getBytes(StandardCharsets.UTF_8);

    // when
    ParsedDocument detected = PARSER.parse(notes, "notes.txt");
    ParsedDocument given = PARSER.parse(notes, "notes.txt", "text/markdown; charset=UTF-8");

    // then: the given type (without its parameters) decides how the text is read
    assertThat(detected.mediaType()).isEqualTo("text/plain");
    assertThat(given.mediaType()).isEqualTo("text/markdown");
    assertThat(block(given, "Boats").headingPath()).containsExactly("Harbour");
  }

  @Test
  void should_detect_the_type_when_the_given_one_is_not_a_media_type() {
    ParsedDocument doc =
        PARSER.parse("Boats leave at dawn.".getBytes(StandardCharsets.UTF_8), "a.txt", "boats");

    assertThat(doc.mediaType()).isEqualTo("text/plain");
  }

  @Test
  void should_detect_language_when_text_is_long_enough() {
    // given
    String french =
        "Le petit prince habitait une planète à peine plus grande que lui. Il avait besoin"
            + " d'un ami. Chaque matin, il arrachait les pousses de baobabs et ramonait ses"
            + " volcans avec soin.";

    // when
    ParsedDocument doc = parse(french, "prince.txt");

    // then
    assertThat(doc.metadata()).containsEntry("language", "fr");
  }

  private static TextBlock block(ParsedDocument doc, String containing) {
    return doc.blocks().stream()
        .filter(b -> doc.textOf(b).contains(containing))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no block contains '" + containing + "' in " + doc));
  }
}
