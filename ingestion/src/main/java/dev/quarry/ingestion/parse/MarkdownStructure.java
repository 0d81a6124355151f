package dev.quarry.ingestion.parse;

import java.util.ArrayList;
import java.util.List;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableRow;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.LinkReferenceDefinition;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SourceSpan;
import org.commonmark.node.ThematicBreak;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;

/**
 * Finds the structure of a Markdown file with commonmark-java, without changing a character: every
 * block is a span of the file as given (the parser's source positions), so citations highlight the
 * original.
 *
 * <ul>
 *   <li>ATX and setext headings, as CommonMark defines them; the heading's block is its text,
 *       without the {@code #} marks or the underline.
 *   <li>Paragraphs; block quotes are read for the paragraphs inside.
 *   <li>List items, one block per item from its marker; nested lists give their own items.
 *   <li>Fenced and indented code and HTML blocks, whole, as paragraphs: a {@code #} inside a code
 *       block is never a heading.
 *   <li>GitHub tables, one {@link BlockKind#TABLE_ROW} per header or body row.
 *   <li>Thematic breaks and link reference definitions are not text and give no block.
 * </ul>
 */
final class MarkdownStructure {

  /** Thread-safe, as commonmark's parsers are: one serves every document. */
  private static final Parser PARSER =
      Parser.builder()
          .extensions(List.of(TablesExtension.create()))
          .includeSourceSpans(IncludeSourceSpans.BLOCKS_AND_INLINES)
          .build();

  private final String text;
  private final HeadingPath headings = new HeadingPath();
  private final List<TextBlock> blocks = new ArrayList<>();
  private String firstHeading = "";

  private MarkdownStructure(String text) {
    this.text = text;
  }

  /** The blocks of the Markdown {@code text}, in order. */
  static MarkdownStructure of(String text) {
    MarkdownStructure s = new MarkdownStructure(text);
    s.visitChildren(PARSER.parse(text));
    return s;
  }

  List<TextBlock> blocks() {
    return blocks;
  }

  /** The first heading's text, whitespace folded; empty when the file has none. */
  String firstHeading() {
    return firstHeading;
  }

  private void visitChildren(Node parent) {
    for (Node node = parent.getFirstChild(); node != null; node = node.getNext()) {
      visit(node);
    }
  }

  private void visit(Node node) {
    if (node instanceof Heading heading) {
      heading(heading);
    } else if (node instanceof Paragraph) {
      paragraph(node);
    } else if (node instanceof FencedCodeBlock
        || node instanceof IndentedCodeBlock
        || node instanceof HtmlBlock) {
      add(BlockKind.PARAGRAPH, span(node));
    } else if (node instanceof TableBlock) {
      tableRows(node);
    } else if (!(node instanceof ThematicBreak || node instanceof LinkReferenceDefinition)) {
      visitChildren(node); // documents, block quotes, lists and their items
    }
  }

  /** A heading: its inline text, without the marks around it, opens a level of the path. */
  private void heading(Heading heading) {
    int[] span = inlineSpan(heading);
    if (span == null) {
      return;
    }
    int[] trimmed = trim(span[0], span[1]);
    String title = AnchorDebris.cleanHeading(text.substring(trimmed[0], trimmed[1]));
    if (title.isEmpty()) {
      return;
    }
    String folded = title.replaceAll("\\s+", " ");
    headings.open(heading.getLevel(), folded);
    if (firstHeading.isEmpty()) {
      firstHeading = folded;
    }
    add(BlockKind.HEADING, trimmed);
  }

  /**
   * A paragraph; the first one of a list item is the item, marker included ({@code - water daily}),
   * later ones in the same item are its continuation.
   */
  private void paragraph(Node paragraph) {
    int[] span = span(paragraph);
    if (paragraph.getParent() instanceof ListItem item) {
      if (item.getFirstChild() == paragraph) {
        int[] itemSpan = span(item);
        if (itemSpan != null && span != null) {
          span = new int[] {itemSpan[0], span[1]};
        }
      }
      add(BlockKind.LIST_ITEM, span);
    } else {
      add(BlockKind.PARAGRAPH, span);
    }
  }

  private void tableRows(Node table) {
    for (Node section = table.getFirstChild(); section != null; section = section.getNext()) {
      for (Node row = section.getFirstChild(); row != null; row = row.getNext()) {
        if (row instanceof TableRow) {
          add(BlockKind.TABLE_ROW, span(row));
        }
      }
    }
  }

  /** [first, last) of a node's source spans in the file, or null when it has none. */
  private static int[] span(Node node) {
    List<SourceSpan> spans = node.getSourceSpans();
    if (spans.isEmpty()) {
      return null;
    }
    SourceSpan first = spans.get(0);
    SourceSpan last = spans.get(spans.size() - 1);
    return new int[] {first.getInputIndex(), last.getInputIndex() + last.getLength()};
  }

  /** The span of a node's inline content, from its first to its last inline child. */
  private static int[] inlineSpan(Node node) {
    int start = Integer.MAX_VALUE;
    int end = -1;
    for (Node child = node.getFirstChild(); child != null; child = child.getNext()) {
      int[] span = span(child);
      if (span != null) {
        start = Math.min(start, span[0]);
        end = Math.max(end, span[1]);
      }
    }
    return end < 0 ? null : new int[] {start, end};
  }

  /** Adds a block over the span trimmed of surrounding whitespace; blank spans add nothing. */
  private void add(BlockKind kind, int[] span) {
    if (span == null) {
      return;
    }
    int[] trimmed = trim(span[0], span[1]);
    if (trimmed[0] < trimmed[1]) {
      blocks.add(new TextBlock(kind, trimmed[0], trimmed[1], headings.current(), null));
    }
  }

  private int[] trim(int from, int to) {
    to = Math.min(to, text.length());
    while (from < to && Character.isWhitespace(text.charAt(from))) {
      from++;
    }
    while (to > from && Character.isWhitespace(text.charAt(to - 1))) {
      to--;
    }
    return new int[] {from, to};
  }
}
