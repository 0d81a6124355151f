package dev.quarry.ingestion.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Markdown files are read by CommonMark's rules (commonmark-java), and every block is a span of the
 * file as uploaded, so a citation highlights the original characters.
 */
class MarkdownStructureTest {

  private static final TikaDocumentParser PARSER = new TikaDocumentParser(ParseLimits.defaults());

  private static ParsedDocument parse(String markdown) {
    return PARSER.parse(markdown.getBytes(StandardCharsets.UTF_8), "manual.md");
  }

  private static List<String> texts(ParsedDocument doc, BlockKind kind) {
    return doc.blocks().stream().filter(b -> b.kind() == kind).map(doc::textOf).toList();
  }

  private static TextBlock block(ParsedDocument doc, String containing) {
    return doc.blocks().stream()
        .filter(b -> doc.textOf(b).contains(containing))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no block contains " + containing));
  }

  @Test
  void should_give_each_list_item_its_own_block_when_lists_nest() {
    // given
    String md =
        "# Setup\n\n"
            + "1. Install the package\n"
            + "   with apt.\n"
            + "2. Configure it:\n"
            + "   - set the port\n"
            + "   - set the data folder\n\n"
            + "   Then restart.\n";

    // when
    ParsedDocument doc = parse(md);

    // then
    assertThat(texts(doc, BlockKind.LIST_ITEM))
        .containsExactly(
            "1. Install the package\n   with apt.",
            "2. Configure it:",
            "- set the port",
            "- set the data folder",
            "Then restart.");
    assertThat(block(doc, "set the port").headingPath()).containsExactly("Setup");
  }

  @Test
  void should_read_table_rows_and_skip_the_delimiter_row_when_a_table_is_gfm() {
    // given
    String md =
        "## Ports\n\n| service | port |\n|---|---:|\n| web | 8080 |\n| metrics | 9000 |\n\nDone.\n";

    // when
    ParsedDocument doc = parse(md);

    // then
    assertThat(texts(doc, BlockKind.TABLE_ROW))
        .containsExactly("| service | port |", "| web | 8080 |", "| metrics | 9000 |");
    assertThat(block(doc, "8080").headingPath()).containsExactly("Ports");
    assertThat(texts(doc, BlockKind.PARAGRAPH)).containsExactly("Done.");
  }

  @Test
  void should_keep_code_whole_and_never_read_a_hash_in_it_as_a_heading() {
    // given
    String md =
        "# Shell\n\n```sh\n# apt-get install quarry\nquarry serve\n```\n\n"
            + "    # indented code\n    still code\n\nAfter.\n";

    // when
    ParsedDocument doc = parse(md);

    // then
    assertThat(texts(doc, BlockKind.HEADING)).containsExactly("Shell");
    assertThat(texts(doc, BlockKind.PARAGRAPH))
        .containsExactly(
            "```sh\n# apt-get install quarry\nquarry serve\n```",
            "# indented code\n    still code",
            "After.");
  }

  @Test
  void should_give_heading_text_without_marks_when_headings_are_closed_or_styled() {
    // given
    String md = "# Quarry *guide* #\n\nIntro.\n\n### `serve` options ###\n\nText.\n";

    // when
    ParsedDocument doc = parse(md);

    // then
    assertThat(doc.title()).isEqualTo("Quarry *guide*");
    assertThat(texts(doc, BlockKind.HEADING)).containsExactly("Quarry *guide*", "`serve` options");
    assertThat(block(doc, "Text.").headingPath())
        .containsExactly("Quarry *guide*", "`serve` options");
  }

  @Test
  void should_read_quotes_and_leave_out_breaks_and_link_definitions() {
    // given
    String md =
        "Intro with a [link][docs].\n\n> A quoted\n> remark.\n\n***\n\n"
            + "[docs]: https://example.org/docs\n\nEnd.\n";

    // when
    ParsedDocument doc = parse(md);

    // then
    assertThat(texts(doc, BlockKind.PARAGRAPH))
        .containsExactly("Intro with a [link][docs].", "A quoted\n> remark.", "End.");
    assertThat(doc.text()).isEqualTo(md);
  }

  @Test
  void should_point_into_the_original_file_when_lines_end_with_crlf() {
    // given
    String md = "Title\r\n=====\r\n\r\nFirst paragraph\r\non two lines.\r\n\r\n- item\r\n";

    // when
    ParsedDocument doc = parse(md);

    // then
    assertThat(doc.text()).isEqualTo(md);
    assertThat(texts(doc, BlockKind.HEADING)).containsExactly("Title");
    assertThat(texts(doc, BlockKind.PARAGRAPH)).containsExactly("First paragraph\r\non two lines.");
    assertThat(texts(doc, BlockKind.LIST_ITEM)).containsExactly("- item");
  }
}
