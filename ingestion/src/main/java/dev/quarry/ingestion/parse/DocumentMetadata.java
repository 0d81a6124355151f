package dev.quarry.ingestion.parse;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.TreeMap;
import org.apache.tika.langdetect.opennlp.OpenNLPDetector;
import org.apache.tika.language.detect.LanguageResult;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.Property;
import org.apache.tika.metadata.TikaCoreProperties;

/**
 * The document-level fields ingestion records: the document's own title, author and date (from
 * Tika's metadata) and its language (detected from the text with Tika's OpenNLP model).
 */
final class DocumentMetadata {

  /** Enough text for a confident guess; more only costs time. */
  private static final int LANGUAGE_SAMPLE_CHARS = 10_000;

  /** How far the best language must lead the second (ratio of scores) to be reported. */
  private static final float MIN_LEAD = 1.2f;

  /** OpenNLP reports ISO 639-3 codes ("fra"); metadata uses the familiar ISO 639-1 ("fr"). */
  private static final Map<String, String> ISO_639_1 = iso6391ByIso6392();

  private DocumentMetadata() {}

  /** {@code title}, {@code author}, {@code date}, {@code language}, each only when known. */
  static Map<String, String> of(Metadata tika, String title, String text) {
    Map<String, String> out = new TreeMap<>();
    if (!title.isBlank()) {
      out.put("title", title);
    }
    String author = String.join(", ", tika.getValues(TikaCoreProperties.CREATOR)).strip();
    if (!author.isEmpty()) {
      out.put("author", BlockWriter.normalize(author));
    }
    String date = first(tika, TikaCoreProperties.CREATED, TikaCoreProperties.MODIFIED);
    if (date != null) {
      out.put("date", date);
    }
    String language = language(text);
    if (language != null) {
      out.put("language", language);
    }
    return out;
  }

  /** The title Tika found in the document's own metadata, or empty. */
  static String title(Metadata tika) {
    String title = tika.get(TikaCoreProperties.TITLE);
    return title == null ? "" : BlockWriter.normalize(title);
  }

  /** The detected ISO 639 code, or {@code null} when the text is too short or too mixed. */
  static String language(String text) {
    if (text.isBlank()) {
      return null;
    }
    // The model is loaded once per class loader; a detector instance holds only this text.
    List<LanguageResult> ranked =
        new OpenNLPDetector()
            .detectAll(text.substring(0, Math.min(text.length(), LANGUAGE_SAMPLE_CHARS)));
    if (ranked.isEmpty()) {
      return null;
    }
    // OpenNLP's scores are small and flat over 103 languages; what counts is the lead.
    float best = ranked.get(0).getRawScore();
    float second = ranked.size() > 1 ? ranked.get(1).getRawScore() : 0;
    if (best < second * MIN_LEAD) {
      return null;
    }
    String code = ranked.get(0).getLanguage();
    return ISO_639_1.getOrDefault(code, code);
  }

  private static Map<String, String> iso6391ByIso6392() {
    Map<String, String> codes = new HashMap<>();
    for (String two : Locale.getISOLanguages()) {
      try {
        codes.put(Locale.forLanguageTag(two).getISO3Language(), two);
      } catch (MissingResourceException e) {
        // No three-letter code known for this language: it keeps OpenNLP's code.
        continue;
      }
    }
    return Map.copyOf(codes);
  }

  private static String first(Metadata tika, Property... properties) {
    for (Property p : properties) {
      String value = tika.get(p);
      if (value != null && !value.isBlank()) {
        return value.strip();
      }
    }
    return null;
  }
}
