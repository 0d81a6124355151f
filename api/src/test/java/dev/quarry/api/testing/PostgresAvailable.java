package dev.quarry.api.testing;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs PostgreSQL tests when the server answers; skips them with a visible message when it does not
 * (a laptop without PostgreSQL), unless {@code QUARRY_REQUIRE_POSTGRES=1} (CI), where a missing
 * server is a failure.
 */
public class PostgresAvailable implements ExecutionCondition {

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    URI uri = URI.create(PostgresProfile.url().substring("jdbc:".length()));
    int port = uri.getPort() < 0 ? 5432 : uri.getPort();
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(uri.getHost(), port), 2000);
      return ConditionEvaluationResult.enabled(
          "PostgreSQL answers at " + uri.getHost() + ":" + port);
    } catch (Exception e) {
      if ("1".equals(System.getenv("QUARRY_REQUIRE_POSTGRES"))) {
        return ConditionEvaluationResult.enabled(
            "QUARRY_REQUIRE_POSTGRES=1: running (and failing) without a server");
      }
      String message =
          "SKIPPED: PostgreSQL tests need a server at "
              + uri.getHost()
              + ":"
              + port
              + " ("
              + e.getMessage()
              + "); set QUARRY_TEST_PG_URL or start one.";
      System.err.println(message);
      return ConditionEvaluationResult.disabled(message);
    }
  }
}
