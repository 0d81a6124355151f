package dev.quarry.ingestion.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.ingestion.BadDocumentException;
import dev.quarry.ingestion.Fixtures;
import dev.quarry.ingestion.IngestionException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** EPUBs are read in spine order, whatever quirks their package document has. */
class EpubParsingTest {

  private static final TikaDocumentParser PARSER = new TikaDocumentParser(ParseLimits.defaults());

  /** A package document with the given manifest items and spine itemrefs. */
  private static String opf(String title, String manifest, String spine) {
    return "<?xml version=\"1.0\"?><package xmlns=\"http://www.idpf.org/2007/opf\" version=\"2.0\""
        + " unique-identifier=\"id\"><metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
        + "<dc:title>"
        + title
        + "</dc:title><dc:creator>Live Systems Project</dc:creator>"
        + "<dc:identifier id=\"id\">urn:test</dc:identifier></metadata><manifest>"
        + manifest
        + "</manifest><spine>"
        + spine
        + "</spine></package>";
  }

  private static String item(String id, String href) {
    return "<item id=\"" + id + "\" href=\"" + href + "\" media-type=\"application/xhtml+xml\"/>";
  }

  private static String itemref(String idref) {
    return "<itemref idref=\"" + idref + "\"/>";
  }

  private static TextBlock block(ParsedDocument doc, String containing) {
    return doc.blocks().stream()
        .filter(b -> doc.textOf(b).contains(containing))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no block contains '" + containing + "'"));
  }

  @Test
  void should_read_chapters_in_spine_order_when_idrefs_and_hrefs_carry_fragments() {
    // given: the live-manual quirk (one manifest item and itemref per section, '#' in both), a
    // manifest listed out of reading order, and a percent-encoded path in a subfolder
    String manifest =
        item("basics.xhtml#o163", "Text/the%20basics.xhtml#o163")
            + item("about.xhtml", "about.xhtml")
            + item("about.xhtml#o8", "about.xhtml#o8")
            + item("basics.xhtml", "Text/the%20basics.xhtml");
    String spine =
        itemref("about.xhtml")
            + itemref("about.xhtml#o8")
            + itemref("basics.xhtml")
            + itemref("basics.xhtml#o163");
    String about =
        Fixtures.xhtml(
            "about",
            "<h1>1. About this manual</h1><p>This manual is a single access point.</p>"
                + "<h2 id=\"o8\">1.1 For the impatient</h2><p>Read the basics first.</p>");
    String basics =
        Fixtures.xhtml(
            "basics",
            "<h1>4. The basics</h1><p>Prebuilt images can be downloaded.</p>"
                + "<h2 id=\"o163\">4.1 What is a live system?</h2><p>It boots from a USB stick.</p>");
    byte[] epub =
        Fixtures.epubArchive(
            "OEBPS/content.opf",
            "OEBPS/content.opf",
            opf("Live Systems Manual", manifest, spine),
            "OEBPS/about.xhtml",
            about,
            "OEBPS/Text/the basics.xhtml",
            basics);

    // when
    ParsedDocument doc = PARSER.parse(epub, "live-manual.en.epub");

    // then
    assertThat(doc.mediaType()).isEqualTo("application/epub+zip");
    assertThat(doc.title()).isEqualTo("Live Systems Manual");
    assertThat(doc.metadata()).containsEntry("author", "Live Systems Project");
    List<String> headings =
        doc.blocks().stream().filter(b -> b.kind() == BlockKind.HEADING).map(doc::textOf).toList();
    assertThat(headings) // each file once, in spine order
        .containsExactly(
            "1. About this manual",
            "1.1 For the impatient",
            "4. The basics",
            "4.1 What is a live system?");
    assertThat(block(doc, "single access point").headingPath())
        .containsExactly("1. About this manual");
    assertThat(block(doc, "USB stick").headingPath())
        .containsExactly("4. The basics", "4.1 What is a live system?");
    assertThat(doc.text().indexOf("single access point"))
        .isLessThan(doc.text().indexOf("Prebuilt images"));
  }

  @Test
  void should_take_chapter_titles_from_the_ncx_when_chapters_have_no_heading_markup() {
    // given: an EPUB 2 whose chapters set their titles as styled paragraphs (as converters do)
    String manifest =
        item("ch1", "text/ch1.xhtml")
            + item("ch2", "text/ch2.xhtml")
            + "<item id=\"ncx\" href=\"toc.ncx\" media-type=\"application/x-dtbncx+xml\"/>";
    String ncx =
        "<?xml version=\"1.0\"?><ncx xmlns=\"http://www.daisy.org/z3986/2005/ncx/\""
            + " version=\"2005-1\"><navMap>"
            + "<navPoint id=\"n1\"><navLabel><text>The Mooring</text></navLabel>"
            + "<content src=\"text/ch1.xhtml#top\"/></navPoint>"
            + "<navPoint id=\"n2\"><navLabel><text>The Crossing</text></navLabel>"
            + "<content src=\"text/ch2.xhtml\"/></navPoint></navMap></ncx>";
    byte[] epub =
        Fixtures.epubArchive(
            "OEBPS/content.opf",
            "OEBPS/content.opf",
            opf("Voyage", manifest, itemref("ch1") + itemref("ch2")),
            "OEBPS/toc.ncx",
            ncx,
            "OEBPS/text/ch1.xhtml",
            Fixtures.xhtml("1", "<p class=\"title\">I</p><p>The boat was tied to the quay.</p>"),
            "OEBPS/text/ch2.xhtml",
            Fixtures.xhtml("2", "<p class=\"title\">II</p><p>The sea was calm all night.</p>"));

    // when
    ParsedDocument doc = PARSER.parse(epub, "voyage.epub");

    // then
    assertThat(block(doc, "tied to the quay").headingPath()).containsExactly("The Mooring");
    assertThat(block(doc, "calm all night").headingPath()).containsExactly("The Crossing");
  }

  @Test
  void should_take_chapter_titles_from_the_nav_document_when_chapters_have_no_heading_markup() {
    // given: an EPUB 3 with a navigation document; the second chapter has its own h1
    String manifest =
        item("ch1", "ch1.xhtml")
            + item("ch2", "ch2.xhtml")
            + "<item id=\"nav\" href=\"nav.xhtml\" properties=\"nav\""
            + " media-type=\"application/xhtml+xml\"/>";
    String nav =
        Fixtures.xhtml(
            "Contents",
            "<nav><ol><li><a href=\"ch1.xhtml\">Harbour Rules</a></li>"
                + "<li><a href=\"ch2.xhtml\">Fees (table of contents)</a></li></ol></nav>");
    byte[] epub =
        Fixtures.epubArchive(
            "content.opf",
            "content.opf",
            opf("Rules", manifest, itemref("ch1") + itemref("ch2")),
            "nav.xhtml",
            nav,
            "ch1.xhtml",
            Fixtures.xhtml("1", "<p>Keep the quay clear at all times.</p>"),
            "ch2.xhtml",
            Fixtures.xhtml("2", "<h1>Fees</h1><p>Pay before you leave.</p>"));

    // when
    ParsedDocument doc = PARSER.parse(epub, "rules.epub");

    // then
    assertThat(block(doc, "quay clear").headingPath()).containsExactly("Harbour Rules");
    assertThat(block(doc, "Pay before").headingPath()).containsExactly("Fees");
  }

  @Test
  void should_fail_naming_the_chapter_when_a_spine_file_is_missing() {
    // given: the spine lists two chapters; the archive holds only the first
    String opf =
        opf(
            "Broken book",
            item("ch1", "ch1.xhtml") + item("ch2", "ch2.xhtml"),
            itemref("ch1") + itemref("ch2"));
    byte[] epub =
        Fixtures.epubArchive(
            "OEBPS/content.opf",
            "OEBPS/content.opf",
            opf,
            "OEBPS/ch1.xhtml",
            Fixtures.xhtml("one", "<h1>One</h1><p>The first chapter is here.</p>"));

    // when / then: a typed failure that names the missing file; nothing half-read is indexed
    assertThatThrownBy(() -> PARSER.parse(epub, "broken.epub"))
        .isInstanceOf(MissingPartException.class)
        .hasMessageContaining("OEBPS/ch2.xhtml")
        .hasMessageContaining("incomplete")
        .satisfies(e -> assertThat(((IngestionException) e).fileName()).isEqualTo("broken.epub"));
  }

  @Test
  void should_fail_naming_the_item_when_the_spine_lists_an_item_the_manifest_lacks() {
    // given
    String opf = opf("Broken book", item("ch1", "ch1.xhtml"), itemref("ch1") + itemref("ghost"));
    byte[] epub =
        Fixtures.epubArchive(
            "content.opf",
            "content.opf",
            opf,
            "ch1.xhtml",
            Fixtures.xhtml("one", "<p>The first chapter is here.</p>"));

    // when / then
    assertThatThrownBy(() -> PARSER.parse(epub, "ghost.epub"))
        .isInstanceOf(MissingPartException.class)
        .hasMessageContaining("'ghost'");
  }

  @Test
  void should_say_encrypted_when_a_spine_file_is_encrypted() {
    // given: META-INF/encryption.xml lists the only chapter (DRM)
    String opf = opf("Locked", item("ch1", "ch1.xhtml"), itemref("ch1"));
    String encryption =
        "<?xml version=\"1.0\"?><encryption xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\""
            + " xmlns:enc=\"http://www.w3.org/2001/04/xmlenc#\"><enc:EncryptedData>"
            + "<enc:CipherData><enc:CipherReference URI=\"OEBPS/ch1.xhtml\"/></enc:CipherData>"
            + "</enc:EncryptedData></encryption>";
    byte[] epub =
        Fixtures.epubArchive(
            "OEBPS/content.opf",
            "OEBPS/content.opf",
            opf,
            "META-INF/encryption.xml",
            encryption,
            "OEBPS/ch1.xhtml",
            "\u0001\u0002 scrambled bytes");

    // when / then
    assertThatThrownBy(() -> PARSER.parse(epub, "locked.epub"))
        .isInstanceOf(BadDocumentException.class)
        .hasMessageContaining("encrypted");
  }

  @Test
  void should_say_damaged_when_the_container_names_no_package_document() {
    // given: a zip that says it is an EPUB but has no container
    byte[] epub =
        Fixtures.zip(
            "mimetype",
            "application/epub+zip".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
            "chapter.xhtml",
            Fixtures.xhtml("x", "<p>Orphan text.</p>")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));

    // when / then
    assertThatThrownBy(() -> PARSER.parse(epub, "orphan.epub"))
        .isInstanceOf(BadDocumentException.class)
        .hasMessageContaining("META-INF/container.xml");
  }

  @Test
  void should_refuse_when_a_chapter_inflates_like_a_zip_bomb() {
    // given: one chapter of 64 MB of repeated markup, a few hundred KB compressed
    String opf = opf("Bomb", item("ch1", "ch1.xhtml"), itemref("ch1"));
    String bomb = Fixtures.xhtml("bomb", "<p>all work and no play</p>".repeat(2_500_000));
    byte[] epub = Fixtures.epubArchive("content.opf", "content.opf", opf, "ch1.xhtml", bomb);

    // when / then
    assertThat(epub.length).isLessThan(1_000_000);
    assertThatThrownBy(() -> PARSER.parse(epub, "bomb.epub"))
        .isInstanceOf(BadDocumentException.class)
        .hasMessageContaining("zip bomb");
  }

  @Test
  void should_not_resolve_external_entities_when_the_package_document_declares_them() {
    // given: an OPF whose title is an external entity pointing at a local file
    String opf =
        "<?xml version=\"1.0\"?><!DOCTYPE package [<!ENTITY secret SYSTEM"
            + " \"file:///etc/passwd\">]>"
            + opf("&secret;", item("ch1", "ch1.xhtml"), itemref("ch1")).substring(21);
    byte[] epub =
        Fixtures.epubArchive(
            "content.opf",
            "content.opf",
            opf,
            "ch1.xhtml",
            Fixtures.xhtml("one", "<p>Plain chapter text.</p>"));

    // when
    ParsedDocument doc = PARSER.parse(epub, "xxe.epub");

    // then: the chapter is read; the entity is not, anywhere
    assertThat(doc.text()).contains("Plain chapter text.").doesNotContain("root:");
    assertThat(doc.title()).doesNotContain("root:");
    assertThat(doc.metadata().values()).noneMatch(v -> v.contains("root:"));
  }
}
