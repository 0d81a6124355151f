package dev.quarry.api.rest;

import dev.quarry.api.ApiException;
import dev.quarry.api.catalogue.Document;
import dev.quarry.api.catalogue.IngestionJob;
import dev.quarry.api.catalogue.JobState;
import dev.quarry.api.catalogue.KnowledgeBase;
import dev.quarry.api.catalogue.KnowledgeBaseState;
import dev.quarry.api.catalogue.KnowledgeBases;
import dev.quarry.api.catalogue.Role;
import dev.quarry.api.engine.Pipelines;
import dev.quarry.api.security.Access;
import dev.quarry.api.security.Caller;
import dev.quarry.api.security.Roles;
import dev.quarry.retriever.index.ChunkIndex;
import io.quarkus.security.Authenticated;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Knowledge bases: create (admin key), list, read, rename or re-chunk, delete. */
@Authenticated
@Path("/api/kbs")
public class KnowledgeBaseResource {

  @Inject Access access;
  @Inject KnowledgeBases knowledgeBases;
  @Inject Pipelines pipelines;

  /** {@code {"name","embeddingModel"?}}. */
  public record CreateRequest(String name, String embeddingModel) {}

  /** Any of the fields; absent ones stay as they are. */
  public record UpdateRequest(
      String name, Integer chunkTokens, Integer chunkOverlap, String embeddingModel) {}

  @POST
  @RolesAllowed(Roles.ADMIN)
  @Operation(summary = "Create a knowledge base (admin key)")
  public Response create(CreateRequest body) {
    KnowledgeBase kb =
        body == null
            ? knowledgeBases.create(null)
            : knowledgeBases.create(body.name(), body.embeddingModel());
    return Response.created(URI.create("/api/kbs/" + kb.id)).entity(view(kb)).build();
  }

  @GET
  @Operation(summary = "The knowledge bases the key can see")
  public List<KnowledgeBaseView> list() {
    Caller caller = access.caller();
    List<KnowledgeBase> kbs =
        caller.admin()
            ? KnowledgeBase.list("state = ?1 order by createdAt", KnowledgeBaseState.ACTIVE)
            : KnowledgeBase.list(
                "id = ?1 and state = ?2", caller.kbId(), KnowledgeBaseState.ACTIVE);
    List<KnowledgeBaseView> views = new ArrayList<>();
    for (KnowledgeBase kb : kbs) {
      try {
        views.add(view(kb));
      } catch (ApiException.NotFound deletedMeanwhile) {
        // its index was dropped after the query: it is no longer there to list
      }
    }
    return views;
  }

  @GET
  @Path("{kb}")
  public KnowledgeBaseView get(@PathParam("kb") String kbId) {
    return view(access.require(kbId, Role.READER));
  }

  @PATCH
  @Path("{kb}")
  @Operation(
      summary = "Rename, or change chunking or the embedding model",
      description =
          "New chunk settings or another embedding model re-index every document from its stored"
              + " file in the background, into a new index generation built with the new model;"
              + " searches use the old one and its model, whole, until every"
              + " document is in the new one, which then replaces it. 'reindex' shows the"
              + " progress (null when none); 'pending' counts the jobs still to do.")
  public KnowledgeBaseView update(@PathParam("kb") String kbId, UpdateRequest body) {
    access.require(kbId, Role.ADMIN);
    UpdateRequest b = body == null ? new UpdateRequest(null, null, null, null) : body;
    return view(
        knowledgeBases.update(
            kbId, b.name(), b.chunkTokens(), b.chunkOverlap(), b.embeddingModel()));
  }

  @DELETE
  @Path("{kb}")
  @Operation(
      summary = "Delete a knowledge base with its documents, index and keys",
      description =
          "Safe under load: uploads are refused from the start (409, then 404), running ingestion"
              + " jobs finish first, then rows, index, keys and unused files go.")
  public Response delete(@PathParam("kb") String kbId) {
    access.require(kbId, Role.ADMIN);
    knowledgeBases.delete(kbId);
    return Response.noContent().type(MediaType.APPLICATION_JSON).build();
  }

  private KnowledgeBaseView view(KnowledgeBase kb) {
    long documents = Document.count("kbId", kb.id);
    ChunkIndex live = pipelines.index(kb.id);
    long chunks = live.chunkCount();
    long pending =
        IngestionJob.count(
            "kbId = ?1 and state in ?2", kb.id, List.of(JobState.QUEUED, JobState.RUNNING));
    // kb was read before the index: a re-index that completed in between (the catalogue's switch,
    // then the swap) shows as the live generation having reached the one that was being built. The
    // index is read first, so the view never pairs a running re-index with the new model.
    boolean switched =
        kb.nextGeneration != null && pipelines.liveGeneration(kb.id) == kb.nextGeneration;
    KnowledgeBaseView.Reindexing reindex = null;
    if (kb.nextGeneration != null && !switched) {
      long total = IngestionJob.count("kbId = ?1 and generation = ?2", kb.id, kb.nextGeneration);
      long left =
          IngestionJob.count(
              "kbId = ?1 and generation = ?2 and state in ?3",
              kb.id,
              kb.nextGeneration,
              List.of(JobState.QUEUED, JobState.RUNNING));
      reindex = new KnowledgeBaseView.Reindexing(kb.nextGeneration, total - left, total);
    }
    return KnowledgeBaseView.of(kb, documents, chunks, live.manifest().model(), pending, reindex);
  }
}
