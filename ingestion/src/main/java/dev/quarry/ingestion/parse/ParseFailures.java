package dev.quarry.ingestion.parse;

import dev.quarry.ingestion.BadDocumentException;
import java.io.IOException;
import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.exception.TikaException;
import org.apache.tika.exception.ZeroByteFileException;

/**
 * Turns what a parser threw into a reason a person can act on. A parser's failure on bytes already
 * in memory is the file's: every case is a {@link BadDocumentException}. Tika marks a suspected zip
 * bomb only in its message (its {@code SecureSAXException} is not public), so this is one of the
 * two places that read a library's message; {@code OcrRules} is the other.
 */
final class ParseFailures {

  private ParseFailures() {}

  static BadDocumentException of(String name, String mediaType, Exception e, ParseLimits limits) {
    Throwable root = rootCause(e);
    if (e instanceof EncryptedDocumentException || root instanceof EncryptedDocumentException) {
      return new BadDocumentException(
          name,
          "the file is password-protected or encrypted; remove the protection and add it again",
          e);
    }
    if (e instanceof ZeroByteFileException) {
      return new BadDocumentException(name, "the file is empty (0 bytes)", e);
    }
    if (root instanceof BlockWriter.TextLimitException
        || e instanceof BlockWriter.TextLimitException) {
      return new BadDocumentException(
          name,
          "refused: it holds "
              + root.getMessage()
              + " (the limit that protects memory; split the file or raise maxChars)",
          e);
    }
    String message = String.valueOf(e.getMessage());
    if (message.contains("Suspected zip bomb") || message.contains("nesting")) {
      return new BadDocumentException(
          name,
          "refused as a suspected zip bomb or too deeply nested archive (at most "
              + limits.maxArchiveDepth()
              + " levels of archives, "
              + limits.maxCompressionRatio()
              + " characters per byte): "
              + message,
          e);
    }
    if (e instanceof TikaException) {
      return new BadDocumentException(
          name,
          "cannot be parsed as "
              + mediaType
              + " (damaged or not what it claims to be): "
              + describe(root),
          e);
    }
    if (e instanceof IOException) {
      return new BadDocumentException(name, "cannot be read: " + describe(root), e);
    }
    return new BadDocumentException(
        name, "the " + mediaType + " parser failed on this file: " + describe(root), e);
  }

  private static Throwable rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }

  private static String describe(Throwable t) {
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
