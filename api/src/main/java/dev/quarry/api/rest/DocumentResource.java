package dev.quarry.api.rest;

import dev.quarry.api.ApiException;
import dev.quarry.api.catalogue.Document;
import dev.quarry.api.catalogue.DocumentStatus;
import dev.quarry.api.catalogue.KnowledgeBase;
import dev.quarry.api.catalogue.Role;
import dev.quarry.api.engine.IndexedText;
import dev.quarry.api.engine.IndexedText.TextPassage;
import dev.quarry.api.ingest.DocumentEvent;
import dev.quarry.api.ingest.Renames;
import dev.quarry.api.ingest.Uploads;
import dev.quarry.api.ingest.Uploads.Upload;
import dev.quarry.api.security.Access;
import dev.quarry.api.storage.BlobStore;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * Documents of a knowledge base. Uploads are spooled to disk by the HTTP layer, never held in
 * memory, then stored and queued by {@link Uploads}; the answer (202) comes once they are durable.
 */
@Authenticated
@Path("/api/kbs/{kb}/documents")
public class DocumentResource {

  @Inject Access access;
  @Inject Uploads uploads;
  @Inject BlobStore blobs;
  @Inject IndexedText indexedText;
  @Inject Renames renames;

  /** {@code {"name"}}: a document's new name. */
  public record RenameRequest(String name) {}

  /** What an upload answers for each file. */
  public record Accepted(String id, String name, DocumentStatus status, long version) {
    static Accepted of(DocumentEvent d) {
      return new Accepted(d.id(), d.name(), d.status(), d.version());
    }
  }

  /** Most documents on one page. */
  static final int MAX_PAGE_SIZE = 500;

  /** One page of documents. */
  public record DocumentPage(List<DocumentView> items, int page, int size, long total) {}

  @POST
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  @Operation(summary = "Upload files (multipart parts named 'file'); same name = new version")
  public Response upload(@PathParam("kb") String kbId, @RestForm("file") List<FileUpload> files) {
    KnowledgeBase kb = access.require(kbId, Role.WRITER);
    List<Upload> batch = toUploads(files);
    List<Accepted> accepted =
        uploads.accept(kb, uploads.validate(batch)).stream().map(Accepted::of).toList();
    return Response.accepted(accepted).build();
  }

  @GET
  @Operation(summary = "Documents, newest first, optionally by status")
  public DocumentPage list(
      @PathParam("kb") String kbId,
      @QueryParam("status") String status,
      @QueryParam("page") @DefaultValue("0") String pageParam,
      @QueryParam("size") @DefaultValue("50") String sizeParam) {
    access.require(kbId, Role.READER);
    int page = wholeNumber("page", pageParam);
    int size = wholeNumber("size", sizeParam);
    if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
      throw ApiException.badRequest(
          "page must be >= 0 and size between 1 and " + MAX_PAGE_SIZE + ".");
    }
    if ((long) page * size > Integer.MAX_VALUE) {
      throw ApiException.badRequest(
          "page "
              + page
              + " of size "
              + size
              + " starts beyond the last document any knowledge base can list; use a smaller"
              + " page.");
    }
    var query =
        status == null || status.isBlank()
            ? Document.find("kbId", Sort.descending("createdAt"), kbId)
            : Document.find(
                "kbId = ?1 and status = ?2", Sort.descending("createdAt"), kbId, parse(status));
    long total = query.count();
    List<DocumentView> items =
        query.page(Page.of(page, size)).<Document>list().stream().map(DocumentView::of).toList();
    return new DocumentPage(items, page, size, total);
  }

  @GET
  @Path("{id}")
  public DocumentView get(@PathParam("kb") String kbId, @PathParam("id") String id) {
    access.require(kbId, Role.READER);
    return DocumentView.of(find(kbId, id));
  }

  @GET
  @Path("{id}/content")
  @Operation(
      summary =
          "The original bytes of the latest version, as a download (never as a page: see"
              + " docs/api.md)")
  public Response content(@PathParam("kb") String kbId, @PathParam("id") String id) {
    access.require(kbId, Role.READER);
    Document d = find(kbId, id);
    java.nio.file.Path blob = blobs.path(d.sha256);
    if (!Files.exists(blob)) {
      throw ApiException.gone("The stored file of '" + d.name + "' is missing; upload it again.");
    }
    String fileName = d.name.substring(d.name.lastIndexOf('/') + 1);
    return Response.ok(blob.toFile())
        .type(OriginalFiles.servedType(d.mediaType))
        .header(
            "Content-Disposition",
            "attachment; filename*=UTF-8''"
                + URLEncoder.encode(fileName, StandardCharsets.UTF_8).replace("+", "%20"))
        .header("X-Content-Type-Options", "nosniff")
        .header("Content-Security-Policy", OriginalFiles.CONTENT_SECURITY_POLICY)
        .header("Cache-Control", "private, no-store")
        .build();
  }

  /** A document's extracted text: the passages of its indexed version, in reading order. */
  public record DocumentText(
      String id, String name, long version, DocumentStatus status, List<TextPassage> passages) {}

  @GET
  @Path("{id}/text")
  @Operation(summary = "The extracted text of a document: its indexed passages in order")
  public DocumentText text(@PathParam("kb") String kbId, @PathParam("id") String id) {
    access.require(kbId, Role.READER);
    Document d = find(kbId, id);
    return new DocumentText(d.id, d.name, d.version, d.status, indexedText.passages(kbId, d.id));
  }

  @PUT
  @Path("{id}")
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  @Operation(summary = "Upload a new version of a document (one part named 'file')")
  public Response replace(
      @PathParam("kb") String kbId,
      @PathParam("id") String id,
      @RestForm("file") List<FileUpload> files) {
    KnowledgeBase kb = access.require(kbId, Role.WRITER);
    Document d = find(kbId, id);
    List<Upload> batch = toUploads(files);
    if (batch.size() != 1) {
      throw ApiException.badRequest("A new version is one file: send exactly one part 'file'.");
    }
    // Checked under the document's name, which it keeps, as ingestion will read it.
    Upload under = new Upload(d.name, batch.get(0).file());
    Uploads.Checked file = uploads.validate(List.of(under)).get(0);
    return Response.accepted(Accepted.of(uploads.accept(kb, file, Optional.of(id)))).build();
  }

  @PATCH
  @Path("{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Rename a document (same id, versions and index); 409 when the name is taken")
  public DocumentView rename(
      @PathParam("kb") String kbId, @PathParam("id") String id, RenameRequest body) {
    KnowledgeBase kb = access.require(kbId, Role.WRITER);
    return DocumentView.of(renames.rename(kb, id, body == null ? null : body.name()));
  }

  @DELETE
  @Path("{id}")
  public Response delete(@PathParam("kb") String kbId, @PathParam("id") String id) {
    KnowledgeBase kb = access.require(kbId, Role.WRITER);
    uploads.delete(kb, id);
    return Response.noContent().build();
  }

  private static Document find(String kbId, String id) {
    return Document.findInKb(kbId, id)
        .orElseThrow(
            () -> ApiException.notFound("No document '" + id + "' in this knowledge base."));
  }

  private static List<Upload> toUploads(List<FileUpload> files) {
    if (files == null) {
      return List.of();
    }
    return files.stream().map(f -> new Upload(f.fileName(), f.uploadedFile())).toList();
  }

  private static int wholeNumber(String name, String value) {
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(name + " must be a whole number, got '" + value + "'.");
    }
  }

  private static DocumentStatus parse(String status) {
    try {
      return DocumentStatus.valueOf(status.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(
          "Unknown status '" + status + "': use QUEUED, PROCESSING, READY or FAILED.");
    }
  }
}
