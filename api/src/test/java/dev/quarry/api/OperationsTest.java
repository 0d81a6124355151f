package dev.quarry.api;

import static dev.quarry.api.testing.Api.ADMIN;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.quarry.api.testing.Api;
import dev.quarry.api.testing.TempDataDir;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(TempDataDir.class)
class OperationsTest {

  @Test
  void should_report_live_and_ready() {
    given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
  }

  @Test
  void should_expose_search_latency_and_ingestion_metrics_to_prometheus() {
    String kb = Api.createKb("Metered");
    Api.awaitReady(kb, Api.upload(ADMIN, kb, Api.file("m.txt", "Metrics are counted.")).get(0));
    Api.search(ADMIN, kb, "metrics");
    given()
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .body(containsString("quarry_search_seconds_bucket"))
        .body(containsString("quarry_ingest_documents_total"));
  }

  @Test
  void should_publish_the_openapi_document() {
    given()
        .get("/q/openapi")
        .then()
        .statusCode(200)
        .body(containsString("/api/kbs/{kb}/ask"))
        .body(containsString("/v1/chat/completions"));
  }
}
