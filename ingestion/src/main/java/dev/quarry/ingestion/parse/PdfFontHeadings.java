package dev.quarry.ingestion.parse;

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDFontDescriptor;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;

/**
 * Headings of a PDF without an outline, from its fonts. The body size is the font size that sets
 * the most characters. A line is a heading when it is short, has a letter, does not end like a
 * sentence ({@code . , ; :}) and is set wholly either larger than the body (by {@value #LARGER}×)
 * or in bold at body size when the body is not bold. Larger sizes are higher levels; bold at body
 * size comes last. Consecutive heading lines of one style on one page (a wrapped heading) make one
 * heading.
 */
final class PdfFontHeadings extends PDFTextStripper {

  /** How much larger than the body a heading's font is, at least. */
  static final float LARGER = 1.15f;

  private static final int MAX_HEADING_CHARS = 150;
  private static final Pattern BOLD_NAME =
      Pattern.compile("bold|black|heavy|semibold|demi", Pattern.CASE_INSENSITIVE);
  private static final Pattern SENTENCE_END = Pattern.compile("[.,;:]$");

  /** PDFs longer than this get no font headings: the second pass would cost too much time. */
  static final int MAX_PAGES = 1_000;

  /**
   * A line that may be a heading: its number among all lines, its page, its text, the smallest font
   * size on it and whether all of it is bold.
   */
  private record Line(int index, int page, String text, float size, boolean bold) {}

  private final List<Line> lines = new ArrayList<>();
  private final Map<Float, Integer> charsBySize = new HashMap<>();
  private final Map<Float, Integer> boldCharsBySize = new HashMap<>();
  private final StringBuilder line = new StringBuilder();
  private int lineIndex;
  private float lineSize = Float.MAX_VALUE;
  private boolean lineBold = true;

  private PdfFontHeadings() throws IOException {
    setSortByPosition(true);
  }

  /** The font-derived headings of {@code doc}, in reading order; none past {@link #MAX_PAGES}. */
  static List<PdfHeading> of(PDDocument doc) throws IOException {
    if (doc.getNumberOfPages() > MAX_PAGES) {
      return List.of();
    }
    PdfFontHeadings stripper = new PdfFontHeadings();
    stripper.writeText(doc, new StringWriter());
    return stripper.headings();
  }

  @Override
  protected void writeString(String text, List<TextPosition> positions) throws IOException {
    line.append(text);
    for (TextPosition p : positions) {
      if (p.getUnicode() == null || p.getUnicode().isBlank()) {
        continue;
      }
      float size = Math.round(p.getFontSizeInPt() * 2) / 2f;
      boolean bold = isBold(p.getFont());
      charsBySize.merge(size, 1, Integer::sum);
      if (bold) {
        boldCharsBySize.merge(size, 1, Integer::sum);
      }
      lineSize = Math.min(lineSize, size);
      lineBold &= bold;
    }
  }

  @Override
  protected void writeWordSeparator() {
    line.append(' ');
  }

  @Override
  protected void writeLineSeparator() {
    endLine();
  }

  @Override
  protected void endPage(PDPage page) throws IOException {
    endLine();
    super.endPage(page);
  }

  private void endLine() {
    String text = BlockWriter.normalize(line);
    if (!text.isEmpty() && lineSize < Float.MAX_VALUE) {
      lineIndex++;
      if (looksLikeHeading(text)) { // only these are kept: memory grows with headings, not text
        lines.add(new Line(lineIndex, getCurrentPageNo(), text, lineSize, lineBold));
      }
    }
    line.setLength(0);
    lineSize = Float.MAX_VALUE;
    lineBold = true;
  }

  private List<PdfHeading> headings() {
    if (charsBySize.isEmpty()) {
      return List.of();
    }
    float body = mostCommon(charsBySize);
    boolean bodyBold = boldCharsBySize.getOrDefault(body, 0) * 2 > charsBySize.get(body);
    TreeSet<Float> larger = new TreeSet<>(Comparator.reverseOrder());
    for (Line l : lines) {
      if (l.size() >= body * LARGER) {
        larger.add(l.size());
      }
    }
    List<Float> sizes = new ArrayList<>(larger);
    List<PdfHeading> out = new ArrayList<>();
    Line open = null;
    int openLevel = 0;
    for (Line l : lines) {
      int level = 0;
      if (sizes.contains(l.size())) {
        level = sizes.indexOf(l.size()) + 1;
      } else if (l.bold() && !bodyBold && l.size() >= body) {
        level = sizes.size() + 1;
      }
      level = Math.min(6, level);
      boolean next = open != null && l.index() == open.index() + 1 && l.page() == open.page();
      if (next && level == openLevel) {
        String joined = open.text() + " " + l.text();
        open = new Line(l.index(), open.page(), joined, open.size(), open.bold());
        continue;
      }
      addHeading(out, open, openLevel);
      open = level > 0 ? l : null;
      openLevel = level;
      if (out.size() >= PdfStructure.MAX_HEADINGS) {
        return out;
      }
    }
    addHeading(out, open, openLevel);
    return out;
  }

  private static void addHeading(List<PdfHeading> out, Line line, int level) {
    if (line != null && line.text().length() <= MAX_HEADING_CHARS) {
      out.add(new PdfHeading(level, line.text(), line.page()));
    }
  }

  private static boolean looksLikeHeading(String text) {
    return text.length() <= MAX_HEADING_CHARS
        && text.codePoints().anyMatch(Character::isLetter)
        && !SENTENCE_END.matcher(text).find();
  }

  private static float mostCommon(Map<Float, Integer> counts) {
    return counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
  }

  private static boolean isBold(PDFont font) {
    if (font == null) {
      return false;
    }
    PDFontDescriptor fd = font.getFontDescriptor();
    if (fd != null && (fd.isForceBold() || fd.getFontWeight() >= 600)) {
      return true;
    }
    String name = font.getName() == null ? "" : font.getName().toLowerCase(Locale.ROOT);
    return BOLD_NAME.matcher(name).find();
  }
}
