/**
 * Step 1a of the upload-to-answer flow: bytes → {@link dev.quarry.ingestion.parse.ParsedDocument}.
 * Apache Tika detects the type from the content and extracts the text; the structure users navigate
 * by (headings, pages and slides, paragraphs, list items, table rows) is kept as {@link
 * dev.quarry.ingestion.parse.TextBlock}s with character offsets into the extracted text. The
 * chunker ({@link dev.quarry.ingestion.chunk}) reads these blocks next. Images and PDF pages
 * without a text layer are read by Tesseract ({@link dev.quarry.ingestion.parse.OcrSettings}).
 */
package dev.quarry.ingestion.parse;
