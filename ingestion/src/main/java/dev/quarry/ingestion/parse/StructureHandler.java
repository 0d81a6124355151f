package dev.quarry.ingestion.parse;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Set;
import org.xml.sax.Attributes;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Reads the XHTML SAX events every Tika parser emits and writes blocks: {@code h1..h6} become
 * headings, {@code p}, {@code li} and other block elements become paragraphs and list items, {@code
 * tr/td} become table rows, and {@code <div class="page">} (PDF) or {@code <div
 * class="slide-content">} (slides) start the next page. The document head, scripts, styles and
 * navigation are skipped.
 */
final class StructureHandler extends DefaultHandler {

  private static final Set<String> SKIPPED =
      Set.of("head", "title", "script", "style", "nav", "noscript", "template");

  private static final Set<String> BLOCK_BOUNDARIES =
      Set.of(
          "p",
          "div",
          "br",
          "ul",
          "ol",
          "dl",
          "dt",
          "dd",
          "blockquote",
          "pre",
          "section",
          "article",
          "header",
          "footer",
          "aside",
          "main",
          "body",
          "form",
          "figure",
          "figcaption",
          "hr",
          "address");

  private static final Set<String> PAGE_CLASSES = Set.of("page", "slide-content");

  private final BlockWriter writer;
  private final StringBuilder paragraph = new StringBuilder();
  private final StringBuilder heading = new StringBuilder();
  private final Deque<TableRows> tables = new ArrayDeque<>();
  private int skipDepth;
  private int headingLevel;
  private int listDepth;

  StructureHandler(BlockWriter writer) {
    this.writer = writer;
  }

  @Override
  public void startElement(String uri, String localName, String qName, Attributes atts)
      throws SAXException {
    String name = name(localName, qName);
    if (SKIPPED.contains(name) || skipDepth > 0) {
      skipDepth += SKIPPED.contains(name) ? 1 : 0;
      return;
    }
    int level = headingLevel(name);
    if (level > 0) {
      flush();
      headingLevel = level;
      heading.setLength(0);
    } else if (name.equals("table")) {
      flush();
      tables.push(new TableRows());
    } else if (name.equals("tr") && !tables.isEmpty()) {
      tables.peek().startRow();
    } else if ((name.equals("td") || name.equals("th")) && !tables.isEmpty()) {
      tables.peek().startCell();
    } else if (name.equals("li")) {
      flush();
      listDepth++;
    } else if (name.equals("div") && PAGE_CLASSES.contains(atts.getValue("class"))) {
      flush();
      writer.nextPage();
    } else if (BLOCK_BOUNDARIES.contains(name)) {
      boundary();
    }
  }

  @Override
  public void endElement(String uri, String localName, String qName) throws SAXException {
    String name = name(localName, qName);
    if (skipDepth > 0) {
      skipDepth -= SKIPPED.contains(name) ? 1 : 0;
      return;
    }
    if (headingLevel(name) > 0 && headingLevel > 0) {
      writer.heading(headingLevel, heading);
      headingLevel = 0;
    } else if (name.equals("table") && !tables.isEmpty()) {
      tables.pop().endRow(writer);
    } else if (name.equals("tr") && !tables.isEmpty()) {
      tables.peek().endRow(writer);
    } else if ((name.equals("td") || name.equals("th")) && !tables.isEmpty()) {
      tables.peek().endCell();
    } else if (name.equals("li")) {
      flush();
      listDepth = Math.max(0, listDepth - 1);
    } else if (BLOCK_BOUNDARIES.contains(name)) {
      boundary();
    }
  }

  @Override
  public void characters(char[] ch, int start, int length) {
    if (skipDepth > 0) {
      return;
    }
    if (headingLevel > 0) {
      heading.append(ch, start, length);
    } else if (!tables.isEmpty() && tables.peek().inCell()) {
      tables.peek().characters(ch, start, length);
    } else {
      paragraph.append(ch, start, length);
    }
  }

  @Override
  public void ignorableWhitespace(char[] ch, int start, int length) {
    characters(ch, start, length);
  }

  @Override
  public void endDocument() throws SAXException {
    flush();
  }

  /** A block element inside a table cell (a DOCX cell's paragraphs) separates words only. */
  private void boundary() throws SAXException {
    if (!tables.isEmpty() && tables.peek().inCell()) {
      tables.peek().append(' ');
    } else {
      flush();
    }
  }

  private void flush() throws SAXException {
    writer.block(listDepth > 0 ? BlockKind.LIST_ITEM : BlockKind.PARAGRAPH, paragraph);
    paragraph.setLength(0);
  }

  private static String name(String localName, String qName) {
    String n = localName == null || localName.isEmpty() ? qName : localName;
    return n.toLowerCase(Locale.ROOT);
  }

  private static int headingLevel(String name) {
    if (name.length() == 2 && name.charAt(0) == 'h' && name.charAt(1) >= '1') {
      return name.charAt(1) <= '6' ? name.charAt(1) - '0' : 0;
    }
    return 0;
  }
}
