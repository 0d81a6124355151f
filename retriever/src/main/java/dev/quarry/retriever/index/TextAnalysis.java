package dev.quarry.retriever.index;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.de.GermanAnalyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.es.SpanishAnalyzer;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;
import org.apache.lucene.analysis.it.ItalianAnalyzer;
import org.apache.lucene.analysis.nl.DutchAnalyzer;
import org.apache.lucene.analysis.pt.PortugueseAnalyzer;
import org.apache.lucene.analysis.standard.StandardAnalyzer;

/**
 * The analysers a knowledge base can choose for its BM25 text, by name. {@code english} (Porter
 * stemming, English stop words — what Anserini uses for BEIR) is the default; {@code standard} only
 * lower-cases and splits words.
 */
public final class TextAnalysis {

  public static final String DEFAULT = "english";

  private static final Map<String, Supplier<Analyzer>> ANALYZERS = new TreeMap<>();

  static {
    ANALYZERS.put("english", EnglishAnalyzer::new);
    ANALYZERS.put("standard", StandardAnalyzer::new);
    ANALYZERS.put("german", GermanAnalyzer::new);
    ANALYZERS.put("french", FrenchAnalyzer::new);
    ANALYZERS.put("spanish", SpanishAnalyzer::new);
    ANALYZERS.put("italian", ItalianAnalyzer::new);
    ANALYZERS.put("dutch", DutchAnalyzer::new);
    ANALYZERS.put("portuguese", PortugueseAnalyzer::new);
  }

  private TextAnalysis() {}

  /**
   * A new analyser for the given name.
   *
   * @throws IllegalArgumentException if no analyser has that name
   */
  public static Analyzer analyzer(String name) {
    Supplier<Analyzer> supplier = ANALYZERS.get(name);
    if (supplier == null) {
      throw new IllegalArgumentException(
          "Unknown analyser '" + name + "'; choose one of " + ANALYZERS.keySet());
    }
    return supplier.get();
  }

  /** Every analyser name that {@link #analyzer(String)} accepts. */
  public static Set<String> names() {
    return ANALYZERS.keySet();
  }
}
