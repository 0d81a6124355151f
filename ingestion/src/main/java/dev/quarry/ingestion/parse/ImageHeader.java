package dev.quarry.ingestion.parse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * The size an image file declares, read from its header (PNG's IHDR, JPEG's frame header, TIFF's
 * directories) without decoding a pixel, so a tiny file that declares a huge image costs nothing.
 */
final class ImageHeader {

  /** Frames of a multi-page TIFF or animated GIF checked at most. */
  private static final int MAX_FRAMES = 10_000;

  private ImageHeader() {}

  /**
   * The pixels (width × height) of the largest frame.
   *
   * @throws IOException if no reader knows the format or the header is damaged
   */
  static long largestFramePixels(byte[] image) throws IOException {
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(image))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (in == null || !readers.hasNext()) {
        throw new IOException("no image reader knows this format");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, false, true);
        int frames = Math.min(MAX_FRAMES, Math.max(1, reader.getNumImages(true)));
        long largest = 0;
        for (int i = 0; i < frames; i++) {
          largest = Math.max(largest, (long) reader.getWidth(i) * reader.getHeight(i));
        }
        return largest;
      } finally {
        reader.dispose();
      }
    }
  }
}
