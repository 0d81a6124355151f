package dev.quarry.api;

import static dev.quarry.api.testing.Api.ADMIN;
import static dev.quarry.api.testing.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.quarry.api.testing.Api;
import dev.quarry.api.testing.TempDataDir;
import dev.quarry.ingestion.parse.Tesseract;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(TempDataDir.class)
class DocumentApiTest {

  @ConfigProperty(name = "quarry.data-dir")
  Path dataDir;

  @Test
  void should_make_uploaded_documents_searchable_and_serve_their_bytes() throws Exception {
    // given
    String kb = Api.createKb("Docs");
    Path reactor = Api.file("reactor.md", "# Reactor\n\nThe Zorblat reactor runs on helium-3.\n");
    Path garden = Api.file("garden.txt", "Quillwort ferns grow best in acidic bog water.");

    // when
    List<String> ids = Api.upload(ADMIN, kb, reactor, garden);

    // then
    assertThat(ids).hasSize(2);
    JsonPath doc = Api.awaitReady(kb, ids.get(0));
    assertThat(doc.getInt("chunks")).isPositive();
    assertThat(doc.getString("mediaType")).isEqualTo("text/markdown");
    Api.awaitReady(kb, ids.get(1));
    JsonPath found = Api.search(ADMIN, kb, "What fuel does the Zorblat reactor use?");
    assertThat(found.getString("passages[0].documentName")).isEqualTo("reactor.md");
    assertThat(found.getString("passages[0].text")).contains("helium-3");
    assertThat(found.getList("passages[0].headingPath")).containsExactly("Reactor");
    byte[] content =
        as(ADMIN)
            .get("/api/kbs/" + kb + "/documents/" + ids.get(0) + "/content")
            .then()
            .statusCode(200)
            .extract()
            .asByteArray();
    assertThat(content).isEqualTo(Files.readAllBytes(reactor));
  }

  @Test
  void should_answer_from_the_new_version_after_replace_and_nothing_after_delete() {
    // given
    String kb = Api.createKb("Versions");
    String id =
        Api.upload(ADMIN, kb, Api.file("policy.txt", "The office closes at noon on Fridays."))
            .get(0);
    Api.awaitReady(kb, id);

    // when: a new version through PUT
    as(ADMIN)
        .multiPart("file", Api.file("policy.txt", "The office closes at six on Mondays.").toFile())
        .put("/api/kbs/" + kb + "/documents/" + id)
        .then()
        .statusCode(202)
        .body("version", equalTo(2));
    JsonPath v2 = Api.awaitReady(kb, id);

    // then
    assertThat(v2.getLong("version")).isEqualTo(2);
    String text =
        Api.search(ADMIN, kb, "When does the office close?").getString("passages[0].text");
    assertThat(text).contains("six on Mondays").doesNotContain("noon");

    // when: the same name again through POST is a third version of the same document
    String again = Api.upload(ADMIN, kb, Api.file("policy.txt", "The office never closes.")).get(0);
    assertThat(again).isEqualTo(id);
    Api.awaitReady(kb, id);
    assertThat(Api.search(ADMIN, kb, "office close").getString("passages[0].text"))
        .contains("never closes");

    // when: deleted
    as(ADMIN).delete("/api/kbs/" + kb + "/documents/" + id).then().statusCode(204);

    // then
    assertThat(Api.search(ADMIN, kb, "office close").getList("passages")).isEmpty();
    as(ADMIN).get("/api/kbs/" + kb + "/documents/" + id).then().statusCode(404);
    assertThat(Api.ask(ADMIN, kb, "When does the office close?").getString("mode"))
        .isEqualTo("abstained");
  }

  @Test
  void should_record_two_files_of_one_name_in_one_request_as_two_versions_in_order() {
    // given
    String kb = Api.createKb("One request");
    Path first = Api.file("notes.txt", "The ferry leaves at seven.");
    Path second = Api.file("notes.txt", "The ferry leaves at nine.");

    // when
    JsonPath accepted =
        as(ADMIN)
            .multiPart("file", first.toFile())
            .multiPart("file", second.toFile())
            .post("/api/kbs/" + kb + "/documents")
            .then()
            .statusCode(202)
            .extract()
            .jsonPath();

    // then: one document, versions 1 and 2 as sent, and the second is what gets indexed
    String id = accepted.getString("[0].id");
    assertThat(accepted.getList("id", String.class)).containsExactly(id, id);
    assertThat(accepted.getList("version", Integer.class)).containsExactly(1, 2);
    JsonPath doc = Api.awaitReady(kb, id);
    assertThat(doc.getLong("version")).isEqualTo(2);
    assertThat(Api.search(ADMIN, kb, "When does the ferry leave?").getString("passages[0].text"))
        .contains("nine");
  }

  @Test
  void should_continue_an_existing_document_s_versions_beside_a_new_document_in_one_request() {
    // given: a document at version 1
    String kb = Api.createKb("Mixed request");
    String ferry =
        Api.upload(ADMIN, kb, Api.file("ferry.txt", "The ferry leaves at seven.")).get(0);
    Api.awaitReady(kb, ferry);

    // when: one request sends it twice, with a new document between
    JsonPath accepted =
        as(ADMIN)
            .multiPart("file", Api.file("ferry.txt", "The ferry leaves at eight.").toFile())
            .multiPart("file", Api.file("bus.txt", "The bus leaves at ten.").toFile())
            .multiPart("file", Api.file("ferry.txt", "The ferry leaves at nine.").toFile())
            .post("/api/kbs/" + kb + "/documents")
            .then()
            .statusCode(202)
            .extract()
            .jsonPath();

    // then: the existing document gets versions 2 and 3, the new one version 1
    String bus = accepted.getString("[1].id");
    assertThat(bus).isNotEqualTo(ferry);
    assertThat(accepted.getList("id", String.class)).containsExactly(ferry, bus, ferry);
    assertThat(accepted.getList("version", Integer.class)).containsExactly(2, 1, 3);
    assertThat(Api.awaitReady(kb, ferry).getLong("version")).isEqualTo(3);
    assertThat(Api.awaitReady(kb, bus).getLong("version")).isEqualTo(1);
    assertThat(Api.search(ADMIN, kb, "When does the ferry leave?").getString("passages[0].text"))
        .contains("nine");
  }

  @Test
  void should_refuse_a_new_version_of_another_knowledge_base_s_document_and_change_neither() {
    // given: a document in another knowledge base
    String mine = Api.createKb("Mine");
    String theirs = Api.createKb("Theirs");
    String plan =
        Api.upload(ADMIN, theirs, Api.file("plan.txt", "The launch is on Monday.")).get(0);
    Api.awaitReady(theirs, plan);

    // when: a new version of it is sent through this knowledge base
    as(ADMIN)
        .multiPart("file", Api.file("plan.txt", "The launch is on Friday.").toFile())
        .put("/api/kbs/" + mine + "/documents/" + plan)
        .then()
        .statusCode(404)
        .contentType("application/problem+json");

    // then: their document keeps its version and text, and this knowledge base got nothing
    assertThat(Api.awaitReady(theirs, plan).getLong("version")).isEqualTo(1);
    assertThat(Api.search(ADMIN, theirs, "When is the launch?").getString("passages[0].text"))
        .contains("Monday");
    assertThat(
            as(ADMIN)
                .get("/api/kbs/" + mine + "/documents")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items"))
        .isEmpty();
  }

  @Test
  void should_read_a_new_version_as_its_document_s_type_whatever_the_part_is_named() {
    // given: a Markdown document
    String kb = Api.createKb("Renamed parts");
    String id =
        Api.upload(ADMIN, kb, Api.file("guide.md", "# Setup\n\nThe console listens on 7311.\n"))
            .get(0);
    Api.awaitReady(kb, id);

    // when: its new version arrives as a part named like plain text
    as(ADMIN)
        .multiPart(
            "file", Api.file("guide-v2.txt", "# Setup\n\nThe console listens on 7312.\n").toFile())
        .put("/api/kbs/" + kb + "/documents/" + id)
        .then()
        .statusCode(202);
    JsonPath v2 = Api.awaitReady(kb, id);

    // then: it is still the Markdown document guide.md, read with its headings
    assertThat(v2.getString("name")).isEqualTo("guide.md");
    assertThat(v2.getString("mediaType")).isEqualTo("text/markdown");
    JsonPath found = Api.search(ADMIN, kb, "Which port does the console listen on?");
    assertThat(found.getString("passages[0].text")).contains("7312");
    assertThat(found.getList("passages[0].headingPath", String.class)).containsExactly("Setup");
  }

  @Test
  void should_read_an_uploaded_png_by_ocr_when_tesseract_is_installed() throws Exception {
    // given: a picture of a typed notice; CI (QUARRY_REQUIRE_TESSERACT) must have Tesseract
    assumeTrue(
        Tesseract.onPath().installed() || System.getenv("QUARRY_REQUIRE_TESSERACT") != null,
        "tesseract is not installed");
    String kb = Api.createKb("Scans");
    BufferedImage page = new BufferedImage(1240, 900, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = page.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, 1240, 900);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SERIF, Font.PLAIN, 36));
    g.drawString("The Quillon pump station is inspected", 80, 150);
    g.drawString("every second Tuesday by the night crew.", 80, 210);
    g.dispose();
    Path png = Api.file("notice.png", "");
    ImageIO.write(page, "png", png.toFile());

    // when
    List<String> ids = Api.upload(ADMIN, kb, png);

    // then
    Api.awaitReady(kb, ids.get(0));
    assertThat(
            Api.search(ADMIN, kb, "When is the Quillon pump station inspected?")
                .getString("passages[0].text"))
        .contains("Quillon pump station")
        .contains("Tuesday");
  }

  @Test
  void should_mark_a_damaged_file_failed_with_its_reason_and_keep_the_others() {
    // given
    String kb = Api.createKb("Damaged");
    Path broken = Api.file("broken.pdf", "%PDF-1.7 this is not really a PDF");
    Path empty = Api.file("empty.txt", "");
    Path good = Api.file("good.txt", "Good files still get indexed.");

    // when
    List<String> ids = Api.upload(ADMIN, kb, broken, empty, good);

    // then
    JsonPath failed = Api.awaitSettled(kb, ids.get(0));
    assertThat(failed.getString("status")).isEqualTo("FAILED");
    assertThat(failed.getString("error")).contains("cannot be parsed");
    JsonPath blank = Api.awaitSettled(kb, ids.get(1));
    assertThat(blank.getString("status")).isEqualTo("FAILED");
    assertThat(blank.getString("error")).isNotBlank();
    Api.awaitReady(kb, ids.get(2));
    List<String> failedNames =
        as(ADMIN)
            .get("/api/kbs/" + kb + "/documents?status=FAILED")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("items.name");
    assertThat(failedNames).containsExactlyInAnyOrder("broken.pdf", "empty.txt");
  }

  @Test
  void should_refuse_an_unreadable_type_with_415_and_store_nothing_of_the_request() {
    // given
    String kb = Api.createKb("Binary");
    byte[] noise = new byte[4096];
    new Random(7).nextBytes(noise);
    Path bin = Api.file("noise.bin", "");
    writeBytes(bin, noise);
    Path text = Api.file("fine.txt", "A fine text file.");

    // when / then
    as(ADMIN)
        .multiPart("file", text.toFile())
        .multiPart("file", bin.toFile())
        .post("/api/kbs/" + kb + "/documents")
        .then()
        .statusCode(415)
        .contentType("application/problem+json")
        .body("detail", containsString("noise.bin"));
    as(ADMIN).get("/api/kbs/" + kb + "/documents").then().body("total", equalTo(0));
  }

  @Test
  void should_refuse_too_large_files_and_too_many_files_with_413() {
    String kb = Api.createKb("Limits");
    Path big = Api.file("big.txt", "x".repeat(200_001));
    as(ADMIN)
        .multiPart("file", big.toFile())
        .post("/api/kbs/" + kb + "/documents")
        .then()
        .statusCode(413)
        .body("detail", containsString("max-file-bytes"));
    var request = as(ADMIN);
    for (int i = 0; i < 6; i++) {
      request = request.multiPart("file", Api.file("f" + i + ".txt", "file " + i).toFile());
    }
    request
        .post("/api/kbs/" + kb + "/documents")
        .then()
        .statusCode(413)
        .body("detail", containsString("max-files-per-request"));
  }

  @Test
  void should_refuse_a_request_over_the_request_size_limit_with_a_problem() {
    String kb = Api.createKb("Huge request");
    var request = as(ADMIN);
    for (int i = 0; i < 3; i++) {
      request =
          request.multiPart("file", Api.file("part" + i + ".txt", "y".repeat(190_000)).toFile());
    }
    request
        .post("/api/kbs/" + kb + "/documents")
        .then()
        .statusCode(413)
        .contentType("application/problem+json")
        .body("detail", containsString("max-request-bytes"));
    as(ADMIN).get("/api/kbs/" + kb + "/documents").then().body("total", equalTo(0));
  }

  @Test
  void should_clean_file_names_of_traversal_and_control_characters() {
    String kb = Api.createKb("Names");
    Path file = Api.file("plain.txt", "Names are cleaned before they are stored.");
    String name =
        as(ADMIN)
            .multiPart("file", "../../etc/\u0007passwd.txt", fileBytes(file), "text/plain")
            .post("/api/kbs/" + kb + "/documents")
            .then()
            .statusCode(202)
            .extract()
            .path("[0].name");
    assertThat(name).isEqualTo("etc/passwd.txt");
    assertThat(dataDir.resolve("etc")).doesNotExist();
  }

  @Test
  void should_page_the_document_list() {
    String kb = Api.createKb("Paging");
    Api.upload(
        ADMIN,
        kb,
        Api.file("a.txt", "Alpha document."),
        Api.file("b.txt", "Beta document."),
        Api.file("c.txt", "Gamma document."));
    JsonPath page =
        as(ADMIN).get("/api/kbs/" + kb + "/documents?page=1&size=2").then().extract().jsonPath();
    assertThat(page.getInt("total")).isEqualTo(3);
    assertThat(page.getList("items")).hasSize(1);
    as(ADMIN)
        .get("/api/kbs/" + kb + "/documents?status=BOGUS")
        .then()
        .statusCode(400)
        .body("detail", containsString("QUEUED, PROCESSING, READY or FAILED"));
  }

  private static byte[] fileBytes(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void writeBytes(Path p, byte[] bytes) {
    try {
      Files.write(p, bytes);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
