package dev.quarry.ingestion.parse;

import java.io.IOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.tika.exception.TikaException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The chapter titles of an EPUB's table of contents, by content file: the EPUB 3 navigation
 * document ({@code properties="nav"}) or the EPUB 2 NCX ({@code application/x-dtbncx+xml}). A
 * file's title is the first entry pointing into it. A book whose chapter files set their titles
 * without {@code h1..h6} still gets chapter headings from these.
 */
final class EpubToc {

  /** Reads an archive entry counted against the inflation budget; {@code null} if absent. */
  interface Entries {
    byte[] read(String path) throws IOException, TikaException;
  }

  /** Parses bytes as XML with Tika's secure settings. */
  interface Xml {
    Document parse(byte[] xml) throws IOException, TikaException;
  }

  private EpubToc() {}

  /**
   * Titles by content-file path; empty when the book has no table of contents or a broken one (the
   * titles are a help, never a reason to fail).
   */
  static Map<String, String> titles(Document opf, String opfDir, Entries entries, Xml xml) {
    Map<String, String> titles = new HashMap<>();
    NodeList items = opf.getElementsByTagNameNS("*", "item");
    for (int i = 0; i < items.getLength() && titles.isEmpty(); i++) {
      Element item = (Element) items.item(i);
      String properties = " " + item.getAttribute("properties") + " ";
      String type = item.getAttribute("media-type").toLowerCase(Locale.ROOT);
      boolean nav = properties.contains(" nav ");
      if (!nav && !type.equals("application/x-dtbncx+xml")) {
        continue;
      }
      String path = EpubBook.resolve(opfDir, item.getAttribute("href"));
      try {
        byte[] bytes = entries.read(path);
        if (bytes != null) {
          collect(xml.parse(bytes), EpubBook.directoryOf(path), nav, titles);
        }
      } catch (IOException | TikaException e) {
        titles.clear(); // a broken table of contents: chapters keep their own headings only
      }
    }
    return titles;
  }

  private static void collect(Document toc, String dir, boolean nav, Map<String, String> out) {
    NodeList entries = toc.getElementsByTagNameNS("*", nav ? "a" : "navPoint");
    for (int i = 0; i < entries.getLength(); i++) {
      Element e = (Element) entries.item(i);
      String href;
      String title;
      if (nav) {
        href = e.getAttribute("href");
        title = e.getTextContent();
      } else {
        Element content = first(e, "content");
        Element label = first(e, "text");
        href = content == null ? "" : content.getAttribute("src");
        title = label == null ? "" : label.getTextContent();
      }
      title = BlockWriter.normalize(title == null ? "" : title);
      if (!href.isBlank() && !title.isEmpty()) {
        out.putIfAbsent(EpubBook.resolve(dir, href), title);
      }
    }
  }

  private static Element first(Element parent, String localName) {
    NodeList found = parent.getElementsByTagNameNS("*", localName);
    return found.getLength() == 0 ? null : (Element) found.item(0);
  }
}
