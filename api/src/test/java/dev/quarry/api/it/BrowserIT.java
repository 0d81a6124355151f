package dev.quarry.api.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web UI in a real browser: runs {@code ui/e2e/ui.e2e.mjs} (Playwright with Debian's Chromium)
 * against the packaged server. Skipped with a message where Node, Chromium or the npm packages are
 * missing, unless {@code QUARRY_REQUIRE_BROWSER=1} (CI), where that is a failure.
 */
class BrowserIT {

  @TempDir Path tmp;

  @Test
  void should_pass_the_ui_unit_tests() throws Exception {
    Path ui = Path.of(System.getProperty("quarry.root", "..")).resolve("ui");
    boolean required = "1".equals(System.getenv("QUARRY_REQUIRE_BROWSER"));
    if (!Files.isExecutable(Path.of("/usr/bin/node")) && !required) {
      System.err.println("SKIPPED UI unit tests: node is not installed");
      assumeTrue(false, "node is not installed");
    }
    Path output = tmp.resolve("unit.log");
    Process p =
        new ProcessBuilder("node", "--test", "test/")
            .directory(ui.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    String log = Files.readString(output, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as("UI unit tests failed:%n%s", log).isZero();
  }

  @Test
  void should_pass_the_browser_scenario_against_the_real_server() throws Exception {
    Path root = Path.of(System.getProperty("quarry.root", ".."));
    Path script = root.resolve("ui/e2e/ui.e2e.mjs");
    List<String> missing = new ArrayList<>();
    if (!Files.isExecutable(Path.of("/usr/bin/chromium"))) {
      missing.add("/usr/bin/chromium (apt-get install chromium)");
    }
    if (!Files.isDirectory(root.resolve("ui/node_modules/playwright-core"))) {
      missing.add("ui/node_modules/playwright-core (cd ui && npm ci)");
    }
    if (!Files.exists(script)) {
      missing.add(script.toString());
    }
    boolean required = "1".equals(System.getenv("QUARRY_REQUIRE_BROWSER"));
    if (!missing.isEmpty()) {
      String message = "SKIPPED browser tests: missing " + String.join(", ", missing);
      System.err.println(message);
      assertThat(required).as(message + " (QUARRY_REQUIRE_BROWSER=1)").isFalse();
      assumeTrue(false, message);
    }
    Path data = Files.createDirectories(tmp.resolve("data"));
    try (ServerProcess server = new ServerProcess(data, ServerProcess.env()).start()) {
      Path output = tmp.resolve("e2e.log");
      ProcessBuilder node =
          new ProcessBuilder("node", script.toString())
              .directory(root.toFile())
              .redirectErrorStream(true)
              .redirectOutput(output.toFile());
      node.environment().put("BASE_URL", server.uri().toString());
      node.environment().put("QUARRY_ADMIN_KEY", ServerProcess.ADMIN_KEY);
      Process p = node.start();
      boolean finished = p.waitFor(15, TimeUnit.MINUTES);
      if (!finished) {
        p.destroyForcibly();
      }
      String log = Files.readString(output, StandardCharsets.UTF_8);
      System.out.println(log);
      assertThat(finished).as("the browser tests finished within 15 minutes").isTrue();
      assertThat(p.exitValue()).as("browser tests failed:%n%s", log).isZero();
    }
  }
}
