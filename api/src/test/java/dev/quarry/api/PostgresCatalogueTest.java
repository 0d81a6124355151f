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
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
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

  @Test
  void should_record_a_request_of_several_files_some_with_the_same_bytes_on_postgresql() {
    // given: three files, two of them with the same bytes (one blob, one lock taken once)
    String kb = Api.createKb("Several on Postgres");
    Path a = Api.file("a.txt", "The lighthouse keeper logs the tide at dawn.");
    Path b = Api.file("b.txt", "The lighthouse keeper logs the tide at dawn.");
    Path c = Api.file("c.txt", "The harbour master opens the gate at noon.");

    // when
    List<String> ids = Api.upload(ADMIN, kb, a, b, c);

    // then
    assertThat(ids).hasSize(3).doesNotHaveDuplicates();
    ids.forEach(id -> Api.awaitReady(kb, id));
    assertThat(Api.search(ADMIN, kb, "When is the gate opened?").getString("passages[0].text"))
        .contains("noon");
  }
}
