package dev.quarry.ingestion;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.poi.xssf.usermodel.XSSFRow;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFStyle;
import org.apache.poi.xwpf.usermodel.XWPFStyles;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTStyle;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.STStyleType;

/** Builds test documents in memory, so no binary fixture is committed. */
public final class Fixtures {

  private Fixtures() {}

  /** A PDF with one page per entry of {@code pages}, each page holding its lines. */
  public static byte[] pdf(String title, List<List<String>> pages) {
    return pdf(title, pages, null);
  }

  /** As {@link #pdf(String, List)}, encrypted with {@code userPassword} when not null. */
  public static byte[] pdf(String title, List<List<String>> pages, String userPassword) {
    try (PDDocument doc = new PDDocument()) {
      PDDocumentInformation info = new PDDocumentInformation();
      info.setTitle(title);
      info.setAuthor("Ada Lovelace");
      doc.setDocumentInformation(info);
      PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
      for (List<String> lines : pages) {
        PDPage page = new PDPage();
        doc.addPage(page);
        try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
          cs.beginText();
          cs.setFont(font, 11);
          cs.setLeading(16);
          cs.newLineAtOffset(60, 720);
          for (String line : lines) {
            cs.showText(line);
            cs.newLine();
          }
          cs.endText();
        }
      }
      if (userPassword != null) {
        StandardProtectionPolicy policy =
            new StandardProtectionPolicy("owner-secret", userPassword, new AccessPermission());
        policy.setEncryptionKeyLength(128);
        doc.protect(policy);
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      doc.save(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A DOCX of (heading level, text) pairs; level 0 is a normal paragraph. */
  public static byte[] docx(String title, List<Object[]> paragraphs) {
    try (XWPFDocument doc = new XWPFDocument()) {
      doc.getProperties().getCoreProperties().setTitle(title);
      doc.getProperties().getCoreProperties().setCreator("Grace Hopper");
      XWPFStyles styles = doc.createStyles();
      for (int level = 1; level <= 3; level++) {
        CTStyle style = CTStyle.Factory.newInstance();
        style.setStyleId("Heading" + level);
        style.setType(STStyleType.PARAGRAPH);
        style.addNewName().setVal("heading " + level);
        styles.addStyle(new XWPFStyle(style));
      }
      for (Object[] p : paragraphs) {
        XWPFParagraph para = doc.createParagraph();
        int level = (Integer) p[0];
        if (level > 0) {
          para.setStyle("Heading" + level);
        }
        para.createRun().setText((String) p[1]);
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      doc.write(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An XLSX with one sheet whose first row is the header. */
  public static byte[] xlsx(String sheetName, List<List<String>> rows) {
    try (XSSFWorkbook wb = new XSSFWorkbook()) {
      XSSFSheet sheet = wb.createSheet(sheetName);
      for (int r = 0; r < rows.size(); r++) {
        XSSFRow row = sheet.createRow(r);
        for (int c = 0; c < rows.get(r).size(); c++) {
          row.createCell(c).setCellValue(rows.get(r).get(c));
        }
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      wb.write(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A PPTX with one slide per entry, each slide holding one text box. */
  public static byte[] pptx(List<String> slides) {
    try (org.apache.poi.xslf.usermodel.XMLSlideShow show =
        new org.apache.poi.xslf.usermodel.XMLSlideShow()) {
      for (String text : slides) {
        show.createSlide().createTextBox().setText(text);
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      show.write(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An ODT (OpenDocument text) with one heading and one paragraph. */
  public static byte[] odt(String heading, String paragraph) {
    String content =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content"
            + " xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\""
            + " xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\">"
            + "<office:body><office:text><text:h text:outline-level=\"1\">"
            + heading
            + "</text:h><text:p>"
            + paragraph
            + "</text:p></office:text></office:body></office:document-content>";
    String manifest =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><manifest:manifest"
            + " xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\">"
            + "<manifest:file-entry manifest:full-path=\"/\""
            + " manifest:media-type=\"application/vnd.oasis.opendocument.text\"/>"
            + "<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>"
            + "</manifest:manifest>";
    return zip(
        "mimetype",
        "application/vnd.oasis.opendocument.text".getBytes(StandardCharsets.US_ASCII),
        "content.xml",
        content.getBytes(StandardCharsets.UTF_8),
        "META-INF/manifest.xml",
        manifest.getBytes(StandardCharsets.UTF_8));
  }

  /** A zip archive of (name, bytes) entries, entries alternating name and content. */
  public static byte[] zip(Object... nameAndContent) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (ZipOutputStream zip = new ZipOutputStream(out)) {
        for (int i = 0; i < nameAndContent.length; i += 2) {
          ZipEntry entry = new ZipEntry((String) nameAndContent[i]);
          byte[] content = (byte[]) nameAndContent[i + 1];
          if (i == 0 && ((String) nameAndContent[i]).equals("mimetype")) {
            entry.setMethod(ZipEntry.STORED);
            entry.setSize(content.length);
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(content);
            entry.setCrc(crc.getValue());
          }
          zip.putNextEntry(entry);
          zip.write(content);
          zip.closeEntry();
        }
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A zip whose one text entry inflates to {@code megabytes} MB of repeated words. */
  public static byte[] zipBomb(int megabytes) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (ZipOutputStream zip = new ZipOutputStream(out)) {
        zip.putNextEntry(new ZipEntry("bomb.txt"));
        byte[] block = "all work and no play makes jack a dull boy\n".repeat(1000).getBytes();
        long total = megabytes * 1024L * 1024L;
        for (long written = 0; written < total; written += block.length) {
          zip.write(block);
        }
        zip.closeEntry();
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A text file inside {@code depth} levels of zip archives. */
  public static byte[] nestedZip(int depth, String text) {
    byte[] inner = zip("deepest.txt", text.getBytes(StandardCharsets.UTF_8));
    for (int level = 1; level < depth; level++) {
      inner = zip("level" + level + ".zip", inner);
    }
    return inner;
  }

  /** An EPUB 2 book with one chapter of XHTML. */
  public static byte[] epub(String title, String chapterXhtmlBody) {
    String container =
        "<?xml version=\"1.0\"?><container version=\"1.0\""
            + " xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\"><rootfiles>"
            + "<rootfile full-path=\"OEBPS/content.opf\""
            + " media-type=\"application/oebps-package+xml\"/></rootfiles></container>";
    String opf =
        "<?xml version=\"1.0\"?><package xmlns=\"http://www.idpf.org/2007/opf\" version=\"2.0\""
            + " unique-identifier=\"id\"><metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
            + "<dc:title>"
            + title
            + "</dc:title><dc:creator>Mary Shelley</dc:creator><dc:language>en</dc:language>"
            + "<dc:identifier id=\"id\">urn:test</dc:identifier></metadata><manifest>"
            + "<item id=\"ch1\" href=\"ch1.xhtml\" media-type=\"application/xhtml+xml\"/>"
            + "</manifest><spine><itemref idref=\"ch1\"/></spine></package>";
    String chapter =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><html xmlns=\"http://www.w3.org/1999/xhtml\">"
            + "<head><title>Chapter</title></head><body>"
            + chapterXhtmlBody
            + "</body></html>";
    return zip(
        "mimetype",
        "application/epub+zip".getBytes(StandardCharsets.US_ASCII),
        "META-INF/container.xml",
        container.getBytes(StandardCharsets.UTF_8),
        "OEBPS/content.opf",
        opf.getBytes(StandardCharsets.UTF_8),
        "OEBPS/ch1.xhtml",
        chapter.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * An EPUB whose container names {@code opfPath}; {@code pathAndContent} alternates archive paths
   * and their text (the package document among them, or left out on purpose).
   */
  public static byte[] epubArchive(String opfPath, String... pathAndContent) {
    String container =
        "<?xml version=\"1.0\"?><container version=\"1.0\""
            + " xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\"><rootfiles>"
            + "<rootfile full-path=\""
            + opfPath
            + "\" media-type=\"application/oebps-package+xml\"/></rootfiles></container>";
    Object[] entries = new Object[4 + pathAndContent.length];
    entries[0] = "mimetype";
    entries[1] = "application/epub+zip".getBytes(StandardCharsets.US_ASCII);
    entries[2] = "META-INF/container.xml";
    entries[3] = container.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < pathAndContent.length; i += 2) {
      entries[4 + i] = pathAndContent[i];
      entries[5 + i] = pathAndContent[i + 1].getBytes(StandardCharsets.UTF_8);
    }
    return zip(entries);
  }

  /** An XHTML content document with {@code body} as its body. */
  public static String xhtml(String title, String body) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><html xmlns=\"http://www.w3.org/1999/xhtml\">"
        + "<head><title>"
        + title
        + "</title></head><body>"
        + body
        + "</body></html>";
  }

  /** An ODT whose {@code office:text} holds {@code textXml} (text: namespace bound). */
  public static byte[] odtWithBody(String textXml) {
    String content =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content"
            + " xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\""
            + " xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\">"
            + "<office:body><office:text>"
            + textXml
            + "</office:text></office:body></office:document-content>";
    return zip(
        "mimetype",
        "application/vnd.oasis.opendocument.text".getBytes(StandardCharsets.US_ASCII),
        "content.xml",
        content.getBytes(StandardCharsets.UTF_8));
  }

  /** A minimal 64-bit ELF executable header followed by machine code bytes (no text). */
  public static byte[] executable() {
    byte[] elf = new byte[4096];
    byte[] header = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0};
    System.arraycopy(header, 0, elf, 0, header.length);
    elf[16] = 2; // e_type: executable
    elf[18] = 0x3e; // e_machine: x86-64
    java.util.Random random = new java.util.Random(42);
    for (int i = 64; i < elf.length; i++) {
      elf[i] = (byte) random.nextInt(256);
    }
    return elf;
  }

  /** A small PNG image (a gradient) without any text. */
  public static byte[] png() {
    try {
      java.awt.image.BufferedImage img =
          new java.awt.image.BufferedImage(32, 32, java.awt.image.BufferedImage.TYPE_INT_RGB);
      for (int x = 0; x < 32; x++) {
        for (int y = 0; y < 32; y++) {
          img.setRGB(x, y, (x * 8) << 16 | (y * 8) << 8);
        }
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      javax.imageio.ImageIO.write(img, "png", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
