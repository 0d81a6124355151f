package dev.quarry.ingestion.parse;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
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
 * navigation are skipped: {@code <nav>}, and any element whose ARIA role is navigation or search.
 *
 * <p>Anchor debris is dropped: the text of a link to a place in the same document ({@code <a
 * href="#...">}) that holds no letter, such as the pilcrow of a heading's self-link or the
 * paragraph numbers some generators put before every block, is left out of headings, and a block
 * holding nothing else is not written. In running text such a link stays when it holds a digit (a
 * citation, {@code [12]}) and goes when it holds only symbols ({@code ¶}, {@code #}, {@code ↩}).
 *
 * <p>A block made only of links to other pages of the work and their labels ({@link
 * NavigationLinks}), such as the "Next: …, Up: … [Index]" line at the top and bottom of every page
 * of a Texinfo manual, is navigation too and is not written; so is a list item that is one such
 * link (a chapter's menu of its sections), unless the page has no other text. Navigation tables
 * ({@code <table summary="Navigation header">}, DocBook) are skipped whole. A block whose text is
 * all link text (an entry of a table of contents) is written as a list item, so that "2.1. What
 * Valgrind does" in a DocBook chapter's contents is never taken for a numbered heading.
 */
final class StructureHandler extends DefaultHandler {

  private static final Set<String> SKIPPED =
      Set.of("head", "title", "script", "style", "nav", "noscript", "template");

  /** ARIA landmark roles of page chrome rather than content. */
  private static final Set<String> SKIPPED_ROLES = Set.of("navigation", "search");

  /** The summaries DocBook's stylesheets give the navigation tables above and below each page. */
  private static final Set<String> NAVIGATION_TABLES =
      Set.of("navigation header", "navigation footer");

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
          "details",
          "summary",
          "hr",
          "address");

  private static final Set<String> PAGE_CLASSES = Set.of("page", "slide-content");

  private final TextCounter writer;
  private final StringBuilder paragraph = new StringBuilder();
  private final StringBuilder link = new StringBuilder();
  private final StringBuilder heading = new StringBuilder();
  private final Deque<TableRows> tables = new ArrayDeque<>();

  /** For every open table, innermost first, whether it is layout (read as blocks, not rows). */
  private final Deque<Boolean> layoutTables = new ArrayDeque<>();

  private int skipDepth;
  private int headingLevel;
  private int listDepth;
  private boolean inFragmentLink;
  private boolean paragraphHasText;
  private int preDepth;
  private final NavigationLinks navigation = new NavigationLinks();

  /** Menus of navigation links, kept in case the page has nothing else. */
  private final List<String> menuItems = new ArrayList<>();

  StructureHandler(BlockSink writer) {
    this.writer = new TextCounter(writer);
  }

  @Override
  public void startElement(String uri, String localName, String qName, Attributes atts)
      throws SAXException {
    String name = name(localName, qName);
    if (skipDepth > 0 || SKIPPED.contains(name) || isPageChrome(name, atts)) {
      skipDepth++; // every element inside counts, so the skipped one's end is found
      return;
    }
    int level = headingLevel(name);
    if (name.equals("a")) {
      endFragmentLink();
      inFragmentLink = isFragment(atts.getValue("href"));
      navigation.startLink(atts.getValue("href"), atts.getValue("rel"), atts.getValue("accesskey"));
    } else if (level > 0) {
      flush();
      headingLevel = level;
      heading.setLength(0);
    } else if (name.equals("table")) {
      flush();
      boolean layout = isLayoutTable(atts.getValue("summary"));
      layoutTables.push(layout);
      if (!layout) {
        tables.push(new TableRows());
      }
    } else if (name.equals("tr") && inLayoutTable()) {
      flush(); // a layout table's row is one block: an FAQ's "1.2." and its question together
    } else if (name.equals("tr") && !tables.isEmpty()) {
      tables.peek().startRow();
    } else if ((name.equals("td") || name.equals("th")) && inLayoutTable()) {
      appendSpace();
    } else if ((name.equals("td") || name.equals("th")) && !tables.isEmpty()) {
      tables.peek().startCell();
    } else if (name.equals("br") && preDepth > 0) {
      append(new char[] {'\n'}, 0, 1, false);
    } else if (name.equals("pre")) {
      flush();
      preDepth++;
    } else if (name.equals("li")) {
      flush();
      listDepth++;
    } else if (name.equals("div") && isPage(atts.getValue("class"))) {
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
      skipDepth--;
      return;
    }
    if (name.equals("a")) {
      endFragmentLink();
      navigation.endLink();
    } else if (headingLevel(name) > 0 && headingLevel > 0) {
      endFragmentLink();
      writer.heading(headingLevel, heading);
      navigation.reset();
      headingLevel = 0;
    } else if (name.equals("table") && !layoutTables.isEmpty()) {
      endTable();
    } else if (name.equals("tr") && inLayoutTable()) {
      flush();
    } else if ((name.equals("td") || name.equals("th")) && inLayoutTable()) {
      appendSpace();
    } else if (name.equals("tr") && !tables.isEmpty()) {
      tables.peek().endRow(writer);
    } else if ((name.equals("td") || name.equals("th")) && !tables.isEmpty()) {
      tables.peek().endCell();
    } else if (name.equals("pre")) {
      flush();
      preDepth = Math.max(0, preDepth - 1);
    } else if (name.equals("br") && preDepth > 0) {
      return; // its line break is written
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
    if (inFragmentLink) {
      link.append(ch, start, length);
    } else {
      append(ch, start, length, true);
    }
  }

  /** Appends text where it belongs; {@code text} is false for link debris kept in a block. */
  private void append(char[] ch, int start, int length, boolean text) {
    if (headingLevel > 0) {
      heading.append(ch, start, length);
    } else if (!tables.isEmpty() && tables.peek().inCell()) {
      tables.peek().characters(ch, start, length);
    } else {
      paragraph.append(ch, start, length);
      paragraphHasText |= text && !isBlank(ch, start, length);
      navigation.characters(ch, start, length);
    }
  }

  /** Ends a link to a place in this document: its text is kept unless it is debris. */
  private void endFragmentLink() {
    if (!inFragmentLink) {
      return;
    }
    inFragmentLink = false;
    boolean hasLetter = link.codePoints().anyMatch(Character::isLetter);
    boolean hasDigit = link.codePoints().anyMatch(Character::isDigit);
    if (hasLetter || (hasDigit && headingLevel == 0)) {
      char[] chars = link.toString().toCharArray();
      append(chars, 0, chars.length, hasLetter);
    }
    link.setLength(0);
  }

  /**
   * Tika's page of a PDF or slide; HTML reaches here without classes ({@link QuarryHtmlMapper}).
   */
  private static boolean isPage(String htmlClass) {
    return htmlClass != null && PAGE_CLASSES.contains(htmlClass);
  }

  /**
   * Whether a table is layout rather than data: DocBook sets an FAQ's questions and answers in
   * tables ({@code summary="Q and A Set"}, {@code "Q and A Div"}), a number cell beside each.
   */
  private static boolean isLayoutTable(String summary) {
    return summary != null && summary.strip().toLowerCase(Locale.ROOT).startsWith("q and a");
  }

  /** Ends the innermost table: a layout table's last block, or a data table's last row. */
  private void endTable() throws SAXException {
    if (layoutTables.pop()) {
      flush();
    } else if (!tables.isEmpty()) {
      tables.pop().endRow(writer);
    }
  }

  /** Whether the innermost open table is layout. */
  private boolean inLayoutTable() {
    return !layoutTables.isEmpty() && layoutTables.peek();
  }

  /** Separates the text of two cells of a layout table that make one block. */
  private void appendSpace() {
    append(new char[] {' '}, 0, 1, false);
  }

  /**
   * Whether the element is page chrome: its ARIA role is navigation or search, or it is DocBook's
   * navigation header or footer ({@code <table summary="Navigation header">}).
   */
  private static boolean isPageChrome(String name, Attributes atts) {
    String summary = atts.getValue("summary");
    return AttributeTokens.anyOf(atts.getValue("role"), SKIPPED_ROLES)
        || (name.equals("table")
            && summary != null
            && NAVIGATION_TABLES.contains(summary.strip().toLowerCase(Locale.ROOT)));
  }

  private static boolean isFragment(String href) {
    return href != null && href.startsWith("#");
  }

  private static boolean isBlank(char[] ch, int start, int length) {
    for (int i = start; i < start + length; i++) {
      if (!Character.isWhitespace(ch[i]) && !Character.isSpaceChar(ch[i])) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void ignorableWhitespace(char[] ch, int start, int length) {
    characters(ch, start, length);
  }

  /**
   * Ends the page. A page that is nothing but a menu of its sections (a Texinfo chapter's first
   * page) keeps its menu, so that it is indexed as the table of contents it is rather than refused
   * for having no text.
   */
  @Override
  public void endDocument() throws SAXException {
    flush();
    if (writer.blocks == 0) {
      for (String item : menuItems) {
        writer.block(BlockKind.LIST_ITEM, item);
      }
    }
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
    endFragmentLink();
    if (paragraphHasText && preDepth > 0) {
      writer.block(BlockKind.CODE, paragraph);
    } else if (paragraphHasText && !navigation.onlyNavigation()) {
      // an entry of a list of links (a table of contents) is never taken for a numbered heading
      boolean listed = listDepth > 0 || navigation.onlyLinkText();
      writer.block(listed ? BlockKind.LIST_ITEM : BlockKind.PARAGRAPH, paragraph);
    } else if (paragraphHasText && navigation.onlyLinks()) {
      menuItems.add(paragraph.toString()); // an entry of a menu or table of contents
    }
    paragraph.setLength(0);
    paragraphHasText = false;
    navigation.reset();
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

  /** Passes everything on, and counts the blocks of text (not headings) written. */
  private static final class TextCounter implements BlockSink {
    private final BlockSink sink;
    private int blocks;

    TextCounter(BlockSink sink) {
      this.sink = sink;
    }

    @Override
    public void nextPage() throws BlockWriter.TextLimitException {
      sink.nextPage();
    }

    @Override
    public void heading(int level, CharSequence raw) throws BlockWriter.TextLimitException {
      sink.heading(level, raw);
    }

    @Override
    public void block(BlockKind kind, CharSequence raw) throws BlockWriter.TextLimitException {
      sink.block(kind, raw);
      blocks++;
    }
  }
}
