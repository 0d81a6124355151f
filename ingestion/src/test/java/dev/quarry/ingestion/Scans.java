package dev.quarry.ingestion;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

/** Scanned pages rendered at test time: known text drawn into images and image-only PDFs. */
public final class Scans {

  /** Width and height of a page image: A4 at 150 DPI. */
  private static final int WIDTH = 1240;

  private static final int HEIGHT = 1754;

  private Scans() {}

  /** Lines of text drawn in a large, clear serif font on a white page. */
  public static BufferedImage page(List<String> lines) {
    BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, WIDTH, HEIGHT);
    g.setColor(Color.BLACK);
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setFont(new Font(Font.SERIF, Font.PLAIN, 36));
    int y = 150;
    for (String line : lines) {
      g.drawString(line, 100, y);
      y += 60;
    }
    g.dispose();
    return img;
  }

  /**
   * A large page (4,000 × 5,000 pixels) filled edge to edge with small seeded random words: more
   * than Tesseract reads in a second.
   */
  public static BufferedImage densePage() {
    int width = 4000;
    int height = 5000;
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SERIF, Font.PLAIN, 28));
    Random random = new Random(7);
    for (int y = 40; y < height; y += 36) {
      StringBuilder line = new StringBuilder();
      while (line.length() < 240) {
        for (int i = 0, n = 2 + random.nextInt(8); i < n; i++) {
          line.append((char) ('a' + random.nextInt(26)));
        }
        line.append(' ');
      }
      g.drawString(line.toString(), 20, y);
    }
    g.dispose();
    return img;
  }

  /**
   * The page as a scanner would give it: turned by {@code degrees} and sprinkled with seeded salt
   * and pepper noise.
   */
  public static BufferedImage scanned(BufferedImage page, double degrees, long seed) {
    BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, WIDTH, HEIGHT);
    g.setRenderingHint(
        RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(
        page,
        AffineTransform.getRotateInstance(Math.toRadians(degrees), WIDTH / 2.0, HEIGHT / 2.0),
        null);
    g.dispose();
    Random random = new Random(seed);
    for (int i = 0; i < WIDTH * HEIGHT / 200; i++) {
      int x = random.nextInt(WIDTH);
      int y = random.nextInt(HEIGHT);
      img.setRGB(x, y, random.nextBoolean() ? 0x000000 : 0xffffff);
    }
    return img;
  }

  public static byte[] encode(BufferedImage img, String format) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      if (!ImageIO.write(img, format, out)) {
        throw new IllegalArgumentException("no writer for " + format);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A PDF whose pages are either text (a String list) or a scanned image (a BufferedImage). */
  public static byte[] pdf(List<Object> pages) {
    try (PDDocument doc = new PDDocument()) {
      for (Object content : pages) {
        PDPage page = new PDPage(PDRectangle.A4);
        doc.addPage(page);
        try (PDPageContentStream s = new PDPageContentStream(doc, page)) {
          if (content instanceof BufferedImage img) {
            PDImageXObject image = LosslessFactory.createFromImage(doc, img);
            PDRectangle box = page.getMediaBox();
            s.drawImage(image, 0, 0, box.getWidth(), box.getHeight());
          } else {
            s.beginText();
            s.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
            s.setLeading(16);
            s.newLineAtOffset(60, 760);
            for (Object line : (List<?>) content) {
              s.showText(line.toString());
              s.newLine();
            }
            s.endText();
          }
        }
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      doc.save(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A valid PNG of a few dozen bytes whose header declares {@code width} × {@code height} pixels:
   * its one data chunk holds a single compressed row, far from enough to fill the image.
   */
  public static byte[] declaredPng(int width, int height) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    byte[] ihdr = new byte[13];
    putInt(ihdr, 0, width);
    putInt(ihdr, 4, height);
    ihdr[8] = 8; // bit depth
    ihdr[9] = 0; // grey
    chunk(out, "IHDR", ihdr);
    java.util.zip.Deflater deflater = new java.util.zip.Deflater();
    deflater.setInput(new byte[1 + Math.min(width, 1 << 16)]);
    deflater.finish();
    byte[] buf = new byte[4096];
    int n = deflater.deflate(buf);
    deflater.end();
    chunk(out, "IDAT", java.util.Arrays.copyOf(buf, n));
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
    byte[] len = new byte[4];
    putInt(len, 0, data.length);
    out.writeBytes(len);
    byte[] t = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    out.writeBytes(t);
    out.writeBytes(data);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(data);
    byte[] c = new byte[4];
    putInt(c, 0, (int) crc.getValue());
    out.writeBytes(c);
  }

  private static void putInt(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 24);
    b[at + 1] = (byte) (v >>> 16);
    b[at + 2] = (byte) (v >>> 8);
    b[at + 3] = (byte) v;
  }
}
