package dev.quarry.retriever.eval;

import dev.quarry.retriever.RetrieverException;
import dev.quarry.retriever.eval.EvalReport.ModeScores;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.function.ToDoubleFunction;

/**
 * A pinned retrieval regression, as Anserini keeps one per experiment: the figures a dataset must
 * reach, to four decimals, and how far below them a run may land before it counts as a regression.
 *
 * <p>The file is a {@code .properties} file: {@code dataset}, {@code tolerance}, {@code settings}
 * (what the figures were measured with, for the reader) and one key per figure, named {@code
 * <mode>.<metric>} as in {@link #FIGURES} ({@code hybrid.ndcg@10 = 0.7379}). {@code ./quarry eval
 * --expectations-out FILE} writes one from a run.
 *
 * @param dataset the dataset's name (its directory name)
 * @param tolerance how far below its expected value a figure may fall, at least 0
 * @param settings the index and search settings the figures were measured with
 * @param figures figure name → expected value, in file order
 */
public record RegressionExpectations(
    String dataset, double tolerance, String settings, Map<String, Double> figures) {

  /** Default tolerance: HNSW graph builds differ slightly from run to run (see the file). */
  public static final double DEFAULT_TOLERANCE = 0.005;

  /** The figures a regression pins, by name: BM25, dense and hybrid nDCG@10, hybrid Recall@100. */
  public static final Map<String, Figure> FIGURES = pinnedFigures();

  /** Where one pinned figure comes from in a report. */
  public record Figure(String mode, ToDoubleFunction<ModeScores> metric) {}

  /**
   * A figure that fell below its expected value by more than the tolerance.
   *
   * @param figure the figure's name, e.g. {@code hybrid.ndcg@10}
   * @param expected the pinned value
   * @param actual the run's value
   */
  public record Shortfall(String figure, double expected, double actual) {}

  public RegressionExpectations {
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(settings, "settings");
    if (!(tolerance >= 0)) {
      throw new IllegalArgumentException("tolerance must be at least 0: " + tolerance);
    }
    figures = Collections.unmodifiableMap(new LinkedHashMap<>(figures));
  }

  /** The pinned figures of a run, rounded to four decimals. */
  public static RegressionExpectations of(EvalReport report, double tolerance) {
    Map<String, Double> figures = new LinkedHashMap<>();
    FIGURES.forEach((name, figure) -> figures.put(name, round4(value(report, name, figure))));
    return new RegressionExpectations(report.dataset(), tolerance, report.settings(), figures);
  }

  /**
   * Reads an expectations file.
   *
   * @throws RetrieverException if a key is missing or a number does not parse, naming {@code
   *     source}
   */
  public static RegressionExpectations read(InputStream in, String source) {
    Properties p = new Properties();
    try (in) {
      p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new RetrieverException("Cannot read the expectations " + source, null, e);
    }
    Map<String, Double> figures = new LinkedHashMap<>();
    for (String name : FIGURES.keySet()) {
      figures.put(name, number(p, name, source));
    }
    return new RegressionExpectations(
        required(p, "dataset", source),
        number(p, "tolerance", source),
        p.getProperty("settings", ""),
        figures);
  }

  /** This file's text: a comment that says what it is, then one line per key. */
  public String format() {
    StringBuilder out = new StringBuilder();
    out.append("# Pinned retrieval figures for ").append(dataset).append(", to four decimals.\n");
    out.append("# A run fails when a figure falls below its value minus the tolerance.\n");
    out.append("# Written by ./quarry eval --expectations-out.\n");
    out.append("dataset = ").append(dataset).append('\n');
    out.append("tolerance = ").append(String.format(Locale.ROOT, "%.4f", tolerance)).append('\n');
    out.append("settings = ").append(settings).append('\n');
    for (String name : FIGURES.keySet()) {
      out.append(name)
          .append(" = ")
          .append(String.format(Locale.ROOT, "%.4f", figures.get(name)))
          .append('\n');
    }
    return out.toString();
  }

  /**
   * The figures of a run that fell more than the tolerance below their expected values, in {@link
   * #FIGURES} order; empty when the run holds up.
   */
  public List<Shortfall> shortfalls(EvalReport report) {
    List<Shortfall> shortfalls = new ArrayList<>();
    FIGURES.forEach(
        (name, figure) -> {
          double actual = value(report, name, figure);
          double expected = figures.get(name);
          if (actual < expected - tolerance) {
            shortfalls.add(new Shortfall(name, expected, actual));
          }
        });
    return shortfalls;
  }

  private static double value(EvalReport report, String name, Figure figure) {
    ModeScores scores = report.modes().get(figure.mode());
    if (scores == null) {
      throw new IllegalArgumentException("The run has no mode " + figure.mode() + " for " + name);
    }
    return figure.metric().applyAsDouble(scores);
  }

  private static double round4(double x) {
    return Math.round(x * 10_000) / 10_000.0;
  }

  private static String required(Properties p, String key, String source) {
    String value = p.getProperty(key);
    if (value == null || value.isBlank()) {
      throw new RetrieverException("The expectations " + source + " have no " + key);
    }
    return value.strip();
  }

  private static double number(Properties p, String key, String source) {
    String value = required(p, key, source);
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new RetrieverException(
          "The expectations " + source + " give " + key + " as " + value + ", not a number",
          null,
          e);
    }
  }

  private static Map<String, Figure> pinnedFigures() {
    Map<String, Figure> f = new LinkedHashMap<>();
    f.put("bm25.ndcg@10", new Figure("bm25", ModeScores::ndcg10));
    f.put("dense.ndcg@10", new Figure("dense", ModeScores::ndcg10));
    f.put("hybrid.ndcg@10", new Figure("hybrid", ModeScores::ndcg10));
    f.put("hybrid.recall@100", new Figure("hybrid", ModeScores::recall100));
    return Collections.unmodifiableMap(f);
  }
}
