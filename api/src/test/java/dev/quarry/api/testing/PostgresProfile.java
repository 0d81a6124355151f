package dev.quarry.api.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * Runs the application on PostgreSQL ({@code QUARRY_TEST_PG_URL}, default the local server's {@code
 * test} database) instead of H2. The schema is cleaned first: this database is for tests.
 */
public class PostgresProfile implements QuarkusTestProfile {

  public static String url() {
    return System.getenv()
        .getOrDefault("QUARRY_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
  }

  public static String user() {
    return System.getenv().getOrDefault("QUARRY_TEST_PG_USER", "postgres");
  }

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of(
        "quarkus.datasource.db-kind",
        "postgresql",
        "quarkus.datasource.jdbc.url",
        url(),
        "quarkus.datasource.username",
        user(),
        "quarkus.datasource.password",
        System.getenv().getOrDefault("QUARRY_TEST_PG_PASSWORD", ""),
        "quarkus.flyway.clean-disabled",
        "false",
        "quarkus.flyway.clean-at-start",
        "true");
  }
}
