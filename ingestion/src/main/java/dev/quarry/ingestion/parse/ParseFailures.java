package dev.quarry.ingestion.parse;

import dev.quarry.ingestion.IngestionException;
import java.io.IOException;
import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.exception.TikaException;
import org.apache.tika.exception.ZeroByteFileException;

/** Turns what a parser threw into a reason a person can act on. */
final class ParseFailures {

  private ParseFailures() {}

  static IngestionException of(String name, String mediaType, Exception e, ParseLimits limits) {
    Throwable root = rootCause(e);
    if (e instanceof EncryptedDocumentException || root instanceof EncryptedDocumentException) {
      return new IngestionException(
          name,
          "the file is password-protected or encrypted; remove the protection and add it again",
          e);
    }
    if (e instanceof ZeroByteFileException) {
      return new IngestionException(name, "the file is empty (0 bytes)", e);
    }
    if (root instanceof BlockWriter.TextLimitException
        || e instanceof BlockWriter.TextLimitException) {
      return new IngestionException(
          name,
          "refused: it holds "
              + root.getMessage()
              + " (the limit that protects memory; split the file or raise maxChars)",
          e);
    }
    String message = String.valueOf(e.getMessage());
    if (message.contains("Suspected zip bomb") || message.contains("nesting")) {
      return new IngestionException(
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
      return new IngestionException(
          name,
          "cannot be parsed as "
              + mediaType
              + " (damaged or not what it claims to be): "
              + describe(root),
          e);
    }
    if (e instanceof IOException) {
      return new IngestionException(name, "cannot be read: " + describe(root), e);
    }
    return new IngestionException(
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
