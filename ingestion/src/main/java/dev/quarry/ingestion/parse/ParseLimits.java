package dev.quarry.ingestion.parse;

import java.time.Duration;
import java.util.Objects;

/**
 * What one file may cost to parse. A file beyond any limit fails with a clear reason and the rest
 * of the batch goes on.
 *
 * @param maxBytes largest file accepted, checked before it is read
 * @param maxChars most characters of text extracted from one file (the memory guard: the parser
 *     stops and the file is refused rather than the process running out of memory)
 * @param timeout longest time one parse may take
 * @param maxArchiveDepth deepest nesting of archives (zip in zip ...) followed
 * @param maxCompressionRatio most characters of text per byte of input once more than a million
 *     characters came out (Tika's zip-bomb guard)
 * @param maxXmlDepth deepest element nesting of the extracted XHTML (Tika's guard against nesting
 *     bombs)
 */
public record ParseLimits(
    long maxBytes,
    long maxChars,
    Duration timeout,
    int maxArchiveDepth,
    long maxCompressionRatio,
    int maxXmlDepth) {

  public static final long DEFAULT_MAX_BYTES = 100L * 1024 * 1024;
  public static final long DEFAULT_MAX_CHARS = 10_000_000L;
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
  public static final int DEFAULT_MAX_ARCHIVE_DEPTH = 4;
  public static final long DEFAULT_MAX_COMPRESSION_RATIO = 100;
  public static final int DEFAULT_MAX_XML_DEPTH = 100;

  public ParseLimits {
    Objects.requireNonNull(timeout, "timeout");
    if (maxBytes < 1 || maxChars < 1 || maxArchiveDepth < 0 || maxCompressionRatio < 1) {
      throw new IllegalArgumentException(
          "maxBytes, maxChars and maxCompressionRatio must be >= 1 and maxArchiveDepth >= 0");
    }
    if (timeout.isNegative() || timeout.isZero() || maxXmlDepth < 1) {
      throw new IllegalArgumentException("timeout and maxXmlDepth must be positive");
    }
  }

  public static ParseLimits defaults() {
    return new ParseLimits(
        DEFAULT_MAX_BYTES,
        DEFAULT_MAX_CHARS,
        DEFAULT_TIMEOUT,
        DEFAULT_MAX_ARCHIVE_DEPTH,
        DEFAULT_MAX_COMPRESSION_RATIO,
        DEFAULT_MAX_XML_DEPTH);
  }

  public ParseLimits withMaxBytes(long value) {
    return new ParseLimits(
        value, maxChars, timeout, maxArchiveDepth, maxCompressionRatio, maxXmlDepth);
  }

  public ParseLimits withMaxChars(long value) {
    return new ParseLimits(
        maxBytes, value, timeout, maxArchiveDepth, maxCompressionRatio, maxXmlDepth);
  }

  public ParseLimits withTimeout(Duration value) {
    return new ParseLimits(
        maxBytes, maxChars, value, maxArchiveDepth, maxCompressionRatio, maxXmlDepth);
  }
}
