package dev.quarry.ingestion.parse;

import dev.quarry.ingestion.BadDocumentException;
import dev.quarry.ingestion.IngestionException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.tika.config.TikaConfig;
import org.apache.tika.detect.EncodingDetector;
import org.apache.tika.exception.TikaException;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MediaTypeRegistry;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.AutoDetectParserConfig;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.apache.tika.parser.html.HtmlMapper;
import org.apache.tika.parser.ocr.TesseractOCRConfig;
import org.apache.tika.parser.pdf.PDFParserConfig;
import org.apache.tika.parser.xml.DcXMLParser;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Parses any format Tika knows, detected from the content.
 *
 * <ol>
 *   <li>Refuse an empty file or one over {@link ParseLimits#maxBytes()}.
 *   <li>Detect the media type from the bytes (magic numbers, text statistics); the file name only
 *       refines a generic result ({@code .md}, {@code .csv} on text). A type the caller already
 *       detected that way is taken as it is.
 *   <li>Plain text, Markdown and JSON: decode leniently ({@link TextDecoder}) and find the
 *       headings, paragraphs and list items in the original text ({@link MarkdownStructure} with
 *       commonmark-java for Markdown, {@link PlainTextStructure} for other text).
 *   <li>EPUB: the spine's content files in reading order ({@link EpubBook}), each parsed by Tika as
 *       XHTML into the same blocks, so chapter headings continue across files.
 *   <li>PDF: Tika's text, with headings from the outline or the fonts ({@link PdfStructure}) put in
 *       place by {@link PdfHeadingAligner}; pages without a text layer are OCR'd ({@link
 *       OcrRules}).
 *   <li>PNG, JPEG, TIFF, BMP, GIF: OCR by Tesseract, after the header shows the image is within the
 *       pixel limit ({@link OcrRules}).
 *   <li>Everything else: Tika's {@link AutoDetectParser} with the zip-bomb and nesting limits set
 *       explicitly, its XHTML events turned into blocks by {@link StructureHandler}, which also
 *       enforces the character limit.
 *   <li>Refuse a document without text; otherwise add title, author, date and language.
 * </ol>
 *
 * <p>Thread-safe: one instance serves all parsing threads. It does not limit time; wrap it in a
 * {@link TimeLimitedParser} for that.
 */
public final class TikaDocumentParser implements DocumentParser {

  /** Output (characters) after which Tika starts checking the compression ratio. */
  private static final long ZIP_BOMB_OUTPUT_THRESHOLD = 1_000_000;

  /** Text subtypes Tika parses better than plain text does: they have markup. */
  private static final Set<String> MARKUP_TEXT = Set.of("html", "xml", "rtf", "vcard", "calendar");

  private static final MediaType EPUB = MediaType.application("epub+zip");
  private static final MediaType PDF = MediaType.application("pdf");

  /** Text types read as tables ({@link DelimitedText}). */
  private static final Set<String> TABLE_TEXT = Set.of("csv", "tab-separated-values");

  private final ParseLimits limits;
  private final OcrRules ocr;
  private final AutoDetectParser parser;
  private final MediaTypeRegistry registry;
  private final EncodingDetector encodingDetector;
  private final HtmlMapper htmlMapper = new QuarryHtmlMapper();

  /** A parser with the default OCR settings. */
  public TikaDocumentParser(ParseLimits limits) {
    this(limits, OcrSettings.defaults());
  }

  /** A parser that OCRs with the Tesseract found on {@code PATH} ({@link Tesseract#onPath()}). */
  public TikaDocumentParser(ParseLimits limits, OcrSettings ocr) {
    this(limits, ocr, Tesseract.onPath());
  }

  TikaDocumentParser(ParseLimits limits, OcrSettings ocr, Tesseract tesseract) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.ocr = new OcrRules(ocr, tesseract);
    TikaConfig config = TikaConfig.getDefaultConfig();
    this.parser = new AutoDetectParser(config);
    AutoDetectParserConfig guards = new AutoDetectParserConfig();
    guards.setOutputThreshold(ZIP_BOMB_OUTPUT_THRESHOLD);
    guards.setMaximumCompressionRatio(limits.maxCompressionRatio());
    guards.setMaximumDepth(limits.maxXmlDepth());
    guards.setMaximumPackageEntryDepth(limits.maxArchiveDepth());
    parser.setAutoDetectParserConfig(guards);
    this.registry = config.getMediaTypeRegistry();
    this.encodingDetector = config.getEncodingDetector();
  }

  public ParseLimits limits() {
    return limits;
  }

  @Override
  public ParsedDocument parse(byte[] content, String name, String mediaType) {
    Objects.requireNonNull(content, "content");
    if (content.length == 0) {
      throw new BadDocumentException(name, "the file is empty (0 bytes)");
    }
    if (content.length > limits.maxBytes()) {
      throw new BadDocumentException(
          name, "the file is " + content.length + " bytes, over the limit of " + limits.maxBytes());
    }
    Metadata metadata = new Metadata();
    metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, name);
    MediaType known = mediaType == null ? null : MediaType.parse(mediaType);
    MediaType type = known == null ? detect(content, metadata, name) : known.getBaseType();
    ParsedDocument parsed;
    if (isPlainText(type)) {
      parsed = parsePlainText(content, type, metadata, name);
    } else if (type.equals(EPUB)) {
      parsed = parseEpub(content, type, metadata, name);
    } else {
      parsed = parseWithTika(content, type, metadata, name);
    }
    if (parsed.blocks().isEmpty()) {
      throw new BadDocumentException(name, noTextReason(type));
    }
    return parsed;
  }

  private MediaType detect(byte[] content, Metadata metadata, String name) {
    try (InputStream in = TikaInputStream.get(content)) {
      return parser.getDetector().detect(in, metadata).getBaseType();
    } catch (IOException e) {
      throw new BadDocumentException(name, "cannot detect the file type: " + e.getMessage(), e);
    }
  }

  /**
   * Text, Markdown, source code, JSON: types whose bytes are the text. Mail ({@code message/*})
   * specialises text/plain in Tika's registry but has headers and parts, so Tika parses it.
   */
  private boolean isPlainText(MediaType type) {
    boolean text =
        type.equals(MediaType.TEXT_PLAIN)
            || registry.isSpecializationOf(type, MediaType.TEXT_PLAIN);
    boolean textual = type.getType().equals("text") || type.getType().equals("application");
    return text && textual && MARKUP_TEXT.stream().noneMatch(type.getSubtype()::contains);
  }

  private ParsedDocument parsePlainText(
      byte[] content, MediaType type, Metadata metadata, String name) {
    Charset detected;
    try (InputStream in = TikaInputStream.get(content)) {
      detected = encodingDetector.detect(in, metadata);
    } catch (IOException e) {
      throw new BadDocumentException(name, "cannot read the text: " + e.getMessage(), e);
    }
    String text = TextDecoder.decode(content, detected);
    if (text.length() > limits.maxChars()) {
      throw ParseFailures.of(
          name, type.toString(), new BlockWriter.TextLimitException(limits.maxChars()), limits);
    }
    if (TABLE_TEXT.contains(type.getSubtype())) {
      BlockWriter writer = new BlockWriter(limits.maxChars());
      try {
        DelimitedText.read(text, type.getSubtype().equals("tab-separated-values"), writer);
      } catch (BlockWriter.TextLimitException e) {
        throw ParseFailures.of(name, type.toString(), e, limits);
      }
      return document(type, metadata, "", writer.text(), writer.blocks());
    }
    if (type.getSubtype().contains("markdown")) {
      MarkdownStructure markdown = MarkdownStructure.of(text);
      return document(type, metadata, markdown.firstHeading(), text, markdown.blocks());
    }
    PlainTextStructure structure = PlainTextStructure.of(text);
    return document(type, metadata, structure.firstHeading(), text, structure.blocks());
  }

  private ParsedDocument parseEpub(byte[] content, MediaType type, Metadata metadata, String name) {
    BlockWriter writer = new BlockWriter(limits.maxChars(), true);
    ParseContext context = context();
    try {
      EpubBook book = EpubBook.read(content, name, maxInflatedBytes(content));
      try (InputStream in = TikaInputStream.get(book.packageDocument())) {
        new DcXMLParser().parse(in, new DefaultHandler(), metadata, context);
      }
      for (EpubBook.Chapter chapter : book.chapters()) {
        Metadata chapterMetadata = new Metadata();
        chapterMetadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, chapter.path());
        chapterMetadata.set(Metadata.CONTENT_TYPE, chapter.mediaType());
        try (InputStream in = TikaInputStream.get(chapter.content())) {
          BlockSink chapterSink = new ChapterTitle(writer, chapter.tocTitle());
          parser.parse(in, new StructureHandler(chapterSink), chapterMetadata, context);
        }
      }
    } catch (IngestionException e) {
      throw e;
    } catch (IOException | SAXException | TikaException | RuntimeException e) {
      throw ParseFailures.of(name, type.toString(), e, limits);
    }
    return document(type, metadata, writer.firstHeading(), writer.text(), writer.blocks());
  }

  /**
   * The most bytes the entries of an archive that Quarry opens itself may inflate to: Tika's
   * zip-bomb rule (the compression ratio past the first million characters), capped at the largest
   * file accepted.
   */
  private long maxInflatedBytes(byte[] content) {
    long ratioBound = limits.maxCompressionRatio() * content.length;
    return Math.min(limits.maxBytes(), Math.max(ZIP_BOMB_OUTPUT_THRESHOLD, ratioBound));
  }

  private ParseContext context() {
    ParseContext context = new ParseContext();
    context.set(HtmlMapper.class, htmlMapper);
    context.set(Parser.class, parser); // parse embedded documents (archives, attachments) too
    context.set(TesseractOCRConfig.class, OcrRules.none()); // OCR only where OcrRules allows it
    return context;
  }

  private ParsedDocument parseWithTika(
      byte[] content, MediaType type, Metadata metadata, String name) {
    // A PDF's headings come from its outline or fonts; numbered paragraphs would compete.
    BlockWriter writer = new BlockWriter(limits.maxChars(), !type.equals(PDF));
    ParseContext context = context();
    PdfHeadingAligner pdfHeadings = null;
    PDFParserConfig pdf = new PDFParserConfig();
    Optional<IngestionException> noOcr = ocr.configure(type, content, name, context, pdf);
    if (type.equals(PDF)) {
      // Headings come from the outline (or fonts), so the outline is not repeated as text.
      pdf.setExtractBookmarksText(false);
      context.set(PDFParserConfig.class, pdf);
      pdfHeadings = new PdfHeadingAligner(writer, PdfStructure.headings(content, name));
    }
    try (InputStream in = TikaInputStream.get(content)) {
      parser.parse(
          in, new StructureHandler(pdfHeadings == null ? writer : pdfHeadings), metadata, context);
      if (pdfHeadings != null) {
        pdfHeadings.finish();
      }
    } catch (IOException | SAXException | TikaException | RuntimeException e) {
      throw ocr.timeout(name, e)
          .orElseGet(() -> ParseFailures.of(name, type.toString(), e, limits));
    }
    if (writer.blocks().isEmpty() && noOcr.isPresent()) {
      throw noOcr.get();
    }
    // Tika records a limit hit inside an archive on the container instead of throwing it.
    for (String embedded : metadata.getValues(TikaCoreProperties.EMBEDDED_EXCEPTION)) {
      if (embedded.contains("Suspected zip bomb")) {
        throw ParseFailures.of(
            name, type.toString(), new TikaException(bombLine(embedded)), limits);
      }
    }
    return document(type, metadata, writer.firstHeading(), writer.text(), writer.blocks());
  }

  private static ParsedDocument document(
      MediaType type, Metadata metadata, String firstHeading, String text, List<TextBlock> blocks) {
    String title = DocumentMetadata.title(metadata);
    if (title.isEmpty()) {
      title = firstHeading;
    }
    Map<String, String> fields = DocumentMetadata.of(metadata, title, text);
    return new ParsedDocument(type.toString(), title, text, blocks, fields);
  }

  /** The "Suspected zip bomb: ..." part of a recorded stack trace. */
  private static String bombLine(String stackTrace) {
    String line =
        stackTrace.lines().filter(l -> l.contains("Suspected zip bomb")).findFirst().orElseThrow();
    return line.substring(line.indexOf("Suspected zip bomb"));
  }

  private static String noTextReason(MediaType type) {
    if (type.getType().equals("image")) {
      return OcrRules.isScan(type)
          ? "OCR found no text in this " + type + " image"
          : "no text in this " + type + " image (only PNG, JPEG, TIFF, BMP and GIF are OCR'd)";
    }
    if (type.getType().equals("text")) {
      return "the document has no text (only whitespace or markup)";
    }
    return "no text could be extracted from this " + type + " file";
  }
}
