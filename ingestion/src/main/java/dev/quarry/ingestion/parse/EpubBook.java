package dev.quarry.ingestion.parse;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;
import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.exception.TikaException;
import org.apache.tika.utils.XMLReaderUtils;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The reading order of an EPUB, read the way reader apps read it: {@code META-INF/container.xml}
 * names the package document (OPF), whose spine lists manifest items in reading order. Unlike
 * Tika's EPUB parser it accepts what real books carry:
 *
 * <ul>
 *   <li>spine {@code idref}s and manifest {@code href}s with a {@code #fragment} (Debian's
 *       live-manual lists each chapter file once per section): the fragment is dropped and each
 *       file is read once, at its first place in the spine;
 *   <li>percent-encoded and {@code ../} paths, and a file name that differs only in case.
 * </ul>
 *
 * XML is parsed with Tika's secure settings (no DTDs, no external entities). Every entry is
 * inflated through one budget of bytes, so a zip bomb stops at the budget. Items that are not
 * markup (images, fonts) are not read.
 */
final class EpubBook {

  /**
   * One content file of the spine: its path in the archive, media type, bytes, and its title in the
   * book's table of contents ({@link EpubToc}), empty when it has none.
   */
  record Chapter(String path, String mediaType, byte[] content, String tocTitle) {}

  private static final String CONTAINER = "META-INF/container.xml";
  private static final String ENCRYPTION = "META-INF/encryption.xml";

  private final byte[] packageDocument;
  private final List<Chapter> chapters;

  private EpubBook(byte[] packageDocument, List<Chapter> chapters) {
    this.packageDocument = packageDocument;
    this.chapters = List.copyOf(chapters);
  }

  /** The package document (OPF), whose Dublin Core metadata names title, author and date. */
  byte[] packageDocument() {
    return packageDocument;
  }

  /** The markup files of the spine, in reading order, each once. */
  List<Chapter> chapters() {
    return chapters;
  }

  /**
   * Reads the book in {@code epub}.
   *
   * @param maxInflatedBytes the most bytes all entries read may inflate to together
   * @throws MissingPartException if the spine names an item the manifest lacks or a file the
   *     archive lacks
   * @throws EncryptedDocumentException if a content file is encrypted (DRM)
   * @throws TikaException if the archive has no container or package document, is not a zip, or
   *     inflates past {@code maxInflatedBytes} (a message starting "Suspected zip bomb")
   */
  static EpubBook read(byte[] epub, String fileName, long maxInflatedBytes)
      throws IOException, TikaException {
    try (ZipFile zip =
        ZipFile.builder().setSeekableByteChannel(new SeekableInMemoryByteChannel(epub)).get()) {
      Reader reader = new Reader(zip, fileName, maxInflatedBytes);
      return reader.book();
    }
  }

  /** The state of one read: the archive, its entries by name and the bytes left to inflate. */
  private static final class Reader {
    private final ZipFile zip;
    private final String fileName;
    private final Map<String, ZipArchiveEntry> byLowerCaseName = new HashMap<>();
    private long budget;
    private final long maxInflatedBytes;

    Reader(ZipFile zip, String fileName, long maxInflatedBytes) {
      this.zip = zip;
      this.fileName = fileName;
      this.budget = maxInflatedBytes;
      this.maxInflatedBytes = maxInflatedBytes;
      for (ZipArchiveEntry e : Collections.list(zip.getEntries())) {
        byLowerCaseName.putIfAbsent(e.getName().toLowerCase(Locale.ROOT), e);
      }
    }

    EpubBook book() throws IOException, TikaException {
      ZipArchiveEntry container = entry(CONTAINER);
      if (container == null) {
        throw new TikaException("no " + CONTAINER + " (not an EPUB, or a damaged one)");
      }
      String opfPath = rootFile(dom(inflate(container)));
      ZipArchiveEntry opfEntry = entry(opfPath);
      if (opfEntry == null) {
        throw new MissingPartException(
            fileName, "the EPUB's package document '" + opfPath + "' is not in the file");
      }
      byte[] opf = inflate(opfEntry);
      Set<String> encrypted = encryptedPaths();
      Document opfDom = dom(opf);
      Map<String, String> titles =
          EpubToc.titles(opfDom, directoryOf(opfPath), this::readIfPresent, Reader::dom);
      List<Chapter> chapters = new ArrayList<>();
      for (Item item : spine(opfDom, directoryOf(opfPath))) {
        if (encrypted.contains(item.path())) {
          throw new EncryptedDocumentException(
              "the EPUB's content file '" + item.path() + "' is encrypted (DRM)");
        }
        ZipArchiveEntry e = entry(item.path());
        if (e == null) {
          throw new MissingPartException(
              fileName,
              "the EPUB's reading order (spine) lists '"
                  + item.path()
                  + "', which is not in the file; the book is incomplete");
        }
        String title = titles.getOrDefault(item.path(), "");
        chapters.add(new Chapter(item.path(), item.mediaType(), inflate(e), title));
      }
      if (chapters.isEmpty()) {
        throw new TikaException("the EPUB's spine lists no readable content file");
      }
      return new EpubBook(opf, chapters);
    }

    private record Item(String path, String mediaType) {}

    /** The spine's markup items in order, each path once. */
    private List<Item> spine(Document opf, String base) throws TikaException {
      Map<String, Element> manifest = new HashMap<>();
      NodeList items = opf.getElementsByTagNameNS("*", "item");
      for (int i = 0; i < items.getLength(); i++) {
        Element item = (Element) items.item(i);
        manifest.putIfAbsent(item.getAttribute("id"), item);
      }
      NodeList refs = opf.getElementsByTagNameNS("*", "itemref");
      if (refs.getLength() == 0) {
        throw new TikaException("the EPUB's package document has no spine");
      }
      Set<String> seen = new LinkedHashSet<>();
      List<Item> spine = new ArrayList<>();
      for (int i = 0; i < refs.getLength(); i++) {
        String idref = ((Element) refs.item(i)).getAttribute("idref");
        Element item = manifest.get(idref);
        if (item == null && idref.contains("#")) {
          item = manifest.get(idref.substring(0, idref.indexOf('#')));
        }
        if (item == null) {
          throw new MissingPartException(
              fileName,
              "the EPUB's reading order (spine) lists item '"
                  + idref
                  + "', which its manifest does not describe; the book is incomplete");
        }
        String mediaType = item.getAttribute("media-type").toLowerCase(Locale.ROOT);
        String path = resolve(base, item.getAttribute("href"));
        if (isMarkup(mediaType) && seen.add(path)) {
          spine.add(new Item(path, mediaType));
        }
      }
      return spine;
    }

    /** Paths that META-INF/encryption.xml lists (fonts obfuscation included). */
    private Set<String> encryptedPaths() throws IOException, TikaException {
      ZipArchiveEntry e = entry(ENCRYPTION);
      Set<String> paths = new LinkedHashSet<>();
      if (e == null) {
        return paths;
      }
      NodeList refs = dom(inflate(e)).getElementsByTagNameNS("*", "CipherReference");
      for (int i = 0; i < refs.getLength(); i++) {
        paths.add(resolve("", ((Element) refs.item(i)).getAttribute("URI")));
      }
      return paths;
    }

    private String rootFile(Document container) throws TikaException {
      NodeList roots = container.getElementsByTagNameNS("*", "rootfile");
      for (int i = 0; i < roots.getLength(); i++) {
        String path = ((Element) roots.item(i)).getAttribute("full-path");
        if (!path.isBlank()) {
          return resolve("", path);
        }
      }
      throw new TikaException(CONTAINER + " names no package document (rootfile)");
    }

    private byte[] readIfPresent(String path) throws IOException, TikaException {
      ZipArchiveEntry e = entry(path);
      return e == null ? null : inflate(e);
    }

    private ZipArchiveEntry entry(String path) {
      ZipArchiveEntry e = zip.getEntry(path);
      return e != null ? e : byLowerCaseName.get(path.toLowerCase(Locale.ROOT));
    }

    /** The entry's bytes, counted against the budget. */
    private byte[] inflate(ZipArchiveEntry entry) throws IOException, TikaException {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      try (InputStream in = zip.getInputStream(entry)) {
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
          budget -= n;
          if (budget < 0) {
            throw new TikaException(
                "Suspected zip bomb: the EPUB's files inflate to more than "
                    + maxInflatedBytes
                    + " bytes");
          }
          out.write(buffer, 0, n);
        }
      }
      return out.toByteArray();
    }

    private static Document dom(byte[] xml) throws IOException, TikaException {
      try {
        return XMLReaderUtils.buildDOM(new ByteArrayInputStream(xml));
      } catch (SAXException e) {
        throw new TikaException("the EPUB's XML is not well-formed: " + e.getMessage(), e);
      }
    }
  }

  private static boolean isMarkup(String mediaType) {
    return mediaType.contains("html") || mediaType.contains("xml") || mediaType.contains("oeb");
  }

  static String directoryOf(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash + 1);
  }

  /** {@code href} relative to {@code base}, without fragment or query, decoded and normalized. */
  static String resolve(String base, String href) {
    String path = href.strip();
    int cut = indexOfAny(path, '#', '?');
    if (cut >= 0) {
      path = path.substring(0, cut);
    }
    try {
      path = URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      // A stray '%' that starts no escape: the path is taken as written.
    }
    Deque<String> parts = new ArrayDeque<>();
    for (String part : (path.startsWith("/") ? path.substring(1) : base + path).split("/")) {
      if (part.equals("..")) {
        parts.pollLast();
      } else if (!part.isEmpty() && !part.equals(".")) {
        parts.addLast(part);
      }
    }
    return String.join("/", parts);
  }

  private static int indexOfAny(String s, char a, char b) {
    int i = s.indexOf(a);
    int j = s.indexOf(b);
    return i < 0 ? j : j < 0 ? i : Math.min(i, j);
  }
}
