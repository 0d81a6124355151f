package dev.quarry.api;

import static dev.quarry.api.testing.Api.ADMIN;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.quarry.api.testing.Api;
import dev.quarry.api.testing.TempDataDir;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.net.URL;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Health on the main port; metrics, OpenAPI and Swagger UI only on the management interface, with
 * URI templates in the metrics' tags.
 */
@QuarkusTest
@WithTestResource(TempDataDir.class)
class OperationsTest {

  @TestHTTPResource(value = "metrics", management = true) // under /q/
  URL metrics;

  @TestHTTPResource(value = "openapi", management = true)
  URL openapi;

  @TestHTTPResource(value = "swagger-ui/", management = true)
  URL swaggerUi;

  @Test
  void should_report_live_and_ready_on_the_main_port() {
    given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
  }

  @Test
  void should_not_serve_metrics_openapi_or_swagger_ui_on_the_main_port() {
    for (String path : new String[] {"/q/metrics", "/q/openapi", "/q/swagger-ui/"}) {
      given().get(path).then().statusCode(404);
    }
  }

  @Test
  void should_expose_search_latency_and_ingestion_metrics_on_the_management_port() {
    String kb = Api.createKb("Metered");
    Api.awaitReady(kb, Api.upload(ADMIN, kb, Api.file("m.txt", "Metrics are counted.")).get(0));
    Api.search(ADMIN, kb, "metrics");
    given()
        .get(metrics)
        .then()
        .statusCode(200)
        .body(containsString("quarry_search_seconds_bucket"))
        .body(containsString("quarry_ingest_documents_total"));
  }

  @Test
  void should_tag_http_metrics_with_uri_templates_never_ids_or_made_up_paths() {
    // given: requests on a real knowledge base, and made-up ones answered before Quarkus REST
    String kb = Api.createKb("Tagged");
    Api.search(ADMIN, kb, "anything");
    Api.as(ADMIN).get("/api/kbs/" + kb + "/documents").then().statusCode(200);
    for (int i = 0; i < 5; i++) {
      given()
          .contentType(ContentType.JSON)
          .body(Map.of("query", "x"))
          .post("/api/kbs/made-up-" + i + "/search")
          .then()
          .statusCode(401);
      given().get("/api/made-up-" + i).then().statusCode(404);
      given()
          .contentType(ContentType.JSON)
          .body("{}")
          .post("/v1/made-up-" + i)
          .then()
          .statusCode(401);
      Api.as(ADMIN).get("/api/kbs/" + kb + "/made-up-" + i).then().statusCode(404);
    }

    // when
    String scraped = given().get(metrics).then().statusCode(200).extract().asString();

    // then
    String requests =
        String.join(
            "\n",
            scraped
                .lines()
                .filter(l -> l.startsWith("http_server_requests_seconds_count"))
                .toList());
    assertThat(requests)
        .contains("uri=\"/api/kbs/{kb}/search\"")
        .contains("uri=\"/api/kbs/{kb}/documents\"")
        .doesNotContain(kb)
        .doesNotContain("made-up");
  }

  @Test
  void should_publish_the_openapi_document_and_swagger_ui_on_the_management_port() {
    given()
        .get(openapi)
        .then()
        .statusCode(200)
        .body(containsString("/api/kbs/{kb}/ask"))
        .body(containsString("/v1/chat/completions"));
    given().get(swaggerUi).then().statusCode(200);
  }
}
