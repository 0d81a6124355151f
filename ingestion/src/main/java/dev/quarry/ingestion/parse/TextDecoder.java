package dev.quarry.ingestion.parse;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes plain text so that it always comes out readable and never fails.
 *
 * <ol>
 *   <li>A byte-order mark decides (UTF-8, UTF-16LE/BE).
 *   <li>Valid UTF-8 is UTF-8.
 *   <li>Text with at least one valid multi-byte UTF-8 sequence is UTF-8 with stray bytes (mixed
 *       encodings, a truncated file): it is decoded as UTF-8 and each bad byte becomes U+FFFD.
 *   <li>Otherwise the text is in a legacy single-byte encoding: the detected charset is used
 *       (windows-1252 when detection found none), which turns every byte into a character.
 * </ol>
 */
final class TextDecoder {

  private TextDecoder() {}

  /**
   * @param bytes the text's bytes
   * @param detected the charset Tika's encoding detector guessed, or {@code null}
   */
  static String decode(byte[] bytes, Charset detected) {
    if (startsWith(bytes, 0xEF, 0xBB, 0xBF)) {
      return new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
    }
    if (startsWith(bytes, 0xFF, 0xFE)) {
      return new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16LE);
    }
    if (startsWith(bytes, 0xFE, 0xFF)) {
      return new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16BE);
    }
    CharsetDecoder strict =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      return strict.decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException notUtf8) {
      // Expected for legacy encodings and damaged files; decided below, nothing is lost.
      String lenient = new String(bytes, StandardCharsets.UTF_8);
      if (hasMultiByteCharacter(lenient)) {
        return lenient;
      }
      Charset legacy =
          detected == null || detected.equals(StandardCharsets.UTF_8)
              ? Charset.forName("windows-1252")
              : detected;
      return new String(bytes, legacy); // unmappable bytes become U+FFFD
    }
  }

  private static boolean hasMultiByteCharacter(String decoded) {
    for (int i = 0; i < decoded.length(); i++) {
      char c = decoded.charAt(i);
      if (c > 0x7F && c != '\uFFFD') {
        return true;
      }
    }
    return false;
  }

  private static boolean startsWith(byte[] bytes, int... prefix) {
    if (bytes.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if ((bytes[i] & 0xFF) != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
