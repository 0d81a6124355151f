package dev.quarry.ingestion;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.quarry.ingestion.parse.Tesseract;

/**
 * For tests that run Tesseract: skipped where the {@code tesseract} command is absent, failed there
 * instead when {@code QUARRY_REQUIRE_TESSERACT} is set (CI installs it, so they must run).
 */
public final class NeedsTesseract {

  private NeedsTesseract() {}

  public static void check() {
    if (Tesseract.onPath().installed()) {
      return;
    }
    if (System.getenv("QUARRY_REQUIRE_TESSERACT") != null) {
      fail("QUARRY_REQUIRE_TESSERACT is set but tesseract is not installed");
    }
    assumeTrue(false, "tesseract is not installed (" + Tesseract.INSTALL_HINT + ")");
  }
}
