package dev.quarry.ingestion.parse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Tesseract installation on this machine's {@code PATH}: whether there is one, its version and
 * its language packs. Found once per process by running {@code tesseract --version} and {@code
 * tesseract --list-langs}; the result is logged once, as a warning when Tesseract is missing.
 *
 * @param installed whether the {@code tesseract} command runs
 * @param version its first line of {@code --version}, or empty
 * @param languages installed language packs ({@code eng}, {@code osd}, ...)
 */
public record Tesseract(boolean installed, String version, Set<String> languages) {

  private static final Logger LOG = LoggerFactory.getLogger(Tesseract.class);

  /** What to install on Debian or Ubuntu. */
  public static final String INSTALL_HINT = "apt-get install tesseract-ocr tesseract-ocr-eng";

  private static final long PROBE_SECONDS = 10;

  public Tesseract {
    languages = Set.copyOf(languages);
  }

  /** The installation on {@code PATH}, probed on the first call. Thread-safe. */
  public static Tesseract onPath() {
    return Holder.INSTANCE;
  }

  private static final class Holder {
    static final Tesseract INSTANCE = probe();
  }

  /** The languages of {@code settings} that have no language pack here. */
  public List<String> missing(OcrSettings settings) {
    return settings.languages().stream().filter(l -> !languages.contains(l)).toList();
  }

  /** Whether OCR under {@code settings} can run here: on, installed, every language present. */
  public boolean canRun(OcrSettings settings) {
    return settings.enabled() && installed && missing(settings).isEmpty();
  }

  /** One line for the start-up log: whether and how images and scanned pages are read. */
  public String describe(OcrSettings settings) {
    if (!settings.enabled()) {
      return "OCR is switched off: images and PDF pages without text fail";
    }
    if (!installed) {
      return "OCR unavailable: tesseract is not installed ("
          + INSTALL_HINT
          + "); images and PDF"
          + " pages without text fail";
    }
    List<String> missing = missing(settings);
    if (!missing.isEmpty()) {
      return "OCR unavailable: no Tesseract language pack for "
          + missing
          + " (installed: "
          + new TreeSet<>(languages)
          + "); images and PDF pages without text fail";
    }
    return "OCR with "
        + version
        + ", languages "
        + settings.tesseractLanguages()
        + ", at most "
        + settings.pageTimeoutSeconds()
        + " s per page and "
        + settings.maxImagePixels()
        + " pixels per image";
  }

  private static Tesseract probe() {
    try {
      List<String> version = run("--version");
      Set<String> languages = new TreeSet<>();
      for (String line : run("--list-langs")) {
        if (!line.isBlank() && !line.startsWith("List of")) {
          languages.add(line.strip());
        }
      }
      Tesseract found =
          new Tesseract(true, version.isEmpty() ? "tesseract" : version.get(0).strip(), languages);
      LOG.info("Found {} with languages {}", found.version(), languages);
      return found;
    } catch (IOException e) {
      LOG.warn(
          "tesseract is not installed ({}): images and PDF pages without text cannot be read;"
              + " install it with: {}",
          e.getMessage(),
          INSTALL_HINT);
      return new Tesseract(false, "", Set.of());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Tesseract(false, "", Set.of());
    }
  }

  private static List<String> run(String option) throws IOException, InterruptedException {
    Process process = new ProcessBuilder("tesseract", option).redirectErrorStream(true).start();
    try (InputStream out = process.getInputStream()) {
      String text = new String(out.readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(PROBE_SECONDS, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IOException("tesseract " + option + " failed: " + text.strip());
      }
      return text.lines().toList();
    } finally {
      process.destroyForcibly();
    }
  }
}
