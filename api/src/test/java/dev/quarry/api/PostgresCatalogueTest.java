package dev.quarry.api;

import static dev.quarry.api.testing.Api.ADMIN;
import static dev.quarry.api.testing.Api.as;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.api.testing.Api;
import dev.quarry.api.testing.PostgresAvailable;
import dev.quarry.api.testing.PostgresProfile;
import dev.quarry.api.testing.TempDataDir;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The same catalogue on PostgreSQL: migrations, uploads, versions, keys and questions. */
@QuarkusTest
@TestProfile(PostgresProfile.class)
@WithTestResource(TempDataDir.class)
@ExtendWith(PostgresAvailable.class)
class PostgresCatalogueTest {

  @Inject AgroalDataSource dataSource;

  @Test
  void should_run_the_catalogue_on_postgresql() throws Exception {
    try (Connection c = dataSource.getConnection()) {
      assertThat(c.getMetaData().getDatabaseProductName()).isEqualTo("PostgreSQL");
    }
  }

  @Test
  void should_ingest_replace_search_and_isolate_on_postgresql() {
    // given
    String kb = Api.createKb("On Postgres");
    String other = Api.createKb("Elsewhere");
    String id = Api.upload(ADMIN, kb, Api.file("pg.txt", "Postgres keeps the catalogue.")).get(0);
    Api.awaitReady(kb, id);

    // when
    as(ADMIN)
        .multiPart(
            "file",
            Api.file("pg.txt", "Postgres keeps the catalogue safely, version two.").toFile())
        .put("/api/kbs/" + kb + "/documents/" + id)
        .then()
        .statusCode(202);
    JsonPath doc = Api.awaitReady(kb, id);

    // then
    assertThat(doc.getLong("version")).isEqualTo(2);
    assertThat(Api.ask(ADMIN, kb, "What keeps the catalogue?").getString("answer"))
        .contains("version two");
    String reader = Api.newKey(other, "reader");
    as(reader).get("/api/kbs/" + kb).then().statusCode(404);
  }
}
