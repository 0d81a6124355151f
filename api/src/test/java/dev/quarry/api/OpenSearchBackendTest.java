package dev.quarry.api;

import static dev.quarry.api.testing.Api.ADMIN;
import static dev.quarry.api.testing.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.quarry.api.testing.Api;
import dev.quarry.api.testing.OpenSearchCluster;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The server with {@code quarry.index.backend=opensearch} on a real 2-node OpenSearch cluster, each
 * knowledge base index 2 shards × 1 replica: upload, search, answer, replace, delete, and a deleted
 * knowledge base takes its index with it. The same REST calls as on the embedded index.
 */
@QuarkusTest
@WithTestResource(OpenSearchCluster.class)
class OpenSearchBackendTest {

  @Test
  void should_index_search_and_answer_from_the_cluster() {
    // given
    String kb = Api.createKb("Reactors on OpenSearch");

    // when
    String doc =
        Api.upload(
                ADMIN,
                kb,
                Api.file(
                    "reactor.md",
                    "# Zorblat\n\nThe Zorblat reactor runs on helium-3. Its core is cooled by"
                        + " liquid sodium.\n"))
            .get(0);
    JsonPath ready = Api.awaitReady(kb, doc);

    // then: the chunks are on the cluster, in the knowledge base's own index
    int chunks = ready.getInt("chunks");
    assertThat(chunks).isPositive();
    assertThat(cluster("/quarry-" + kb + "/_count").getInt("count")).isEqualTo(chunks);
    // and searches and answers come from them
    JsonPath found = Api.search(ADMIN, kb, "What cools the core?");
    assertThat(found.getString("passages[0].text")).contains("liquid sodium");
    assertThat(found.getString("passages[0].documentId")).isEqualTo(doc);
    JsonPath answer = Api.ask(ADMIN, kb, "What does the Zorblat reactor run on?");
    assertThat(answer.getString("answer")).contains("helium-3").contains("[1]");
    assertThat(answer.getString("citations[0].documentName")).isEqualTo("reactor.md");
    // the document's text, as the web UI shows it, is read back from the cluster
    assertThat(
            as(ADMIN)
                .get("/api/kbs/" + kb + "/documents/" + doc + "/text")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getString("passages[0].text"))
        .contains("helium-3");
  }

  @Test
  void should_answer_from_the_new_version_only_and_forget_a_deleted_document() {
    // given
    String kb = Api.createKb("Versions on OpenSearch");
    String doc = Api.upload(ADMIN, kb, Api.file("fuel.md", "The reactor burns deuterium.")).get(0);
    Api.awaitReady(kb, doc);

    // when: a changed file of the same name
    String again = Api.upload(ADMIN, kb, Api.file("fuel.md", "The reactor burns lithium.")).get(0);
    Api.awaitReady(kb, again);

    // then
    assertThat(again).isEqualTo(doc);
    JsonPath found = Api.search(ADMIN, kb, "What does the reactor burn?");
    assertThat(found.getList("passages.text", String.class))
        .anySatisfy(t -> assertThat(t).contains("lithium"))
        .noneSatisfy(t -> assertThat(t).contains("deuterium"));

    // when: the document is deleted
    as(ADMIN).delete("/api/kbs/" + kb + "/documents/" + doc).then().statusCode(204);

    // then
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> assertThat(Api.search(ADMIN, kb, "reactor burns").getList("passages")).isEmpty());
  }

  @Test
  void should_delete_the_index_on_the_cluster_with_its_knowledge_base() {
    // given
    String kb = Api.createKb("Short-lived on OpenSearch");
    Api.awaitReady(kb, Api.upload(ADMIN, kb, Api.file("a.md", "Short-lived text.")).get(0));
    assertThat(clusterStatus("/quarry-" + kb)).isEqualTo(200);

    // when
    as(ADMIN).delete("/api/kbs/" + kb).then().statusCode(204);

    // then
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(clusterStatus("/quarry-" + kb)).isEqualTo(404));
  }

  private static JsonPath cluster(String path) {
    return RestAssured.given()
        .baseUri(OpenSearchCluster.url)
        .get(path)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  private static int clusterStatus(String path) {
    return RestAssured.given().baseUri(OpenSearchCluster.url).get(path).statusCode();
  }
}
