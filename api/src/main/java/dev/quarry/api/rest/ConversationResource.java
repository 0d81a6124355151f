package dev.quarry.api.rest;

import dev.quarry.api.catalogue.Role;
import dev.quarry.api.conversation.ConversationDetail;
import dev.quarry.api.conversation.ConversationView;
import dev.quarry.api.conversation.Conversations;
import dev.quarry.api.conversation.PreparedQuestion;
import dev.quarry.api.qa.AskResult;
import dev.quarry.api.security.Access;
import dev.quarry.api.security.Caller;
import dev.quarry.generator.onnx.CancellationSignal;
import dev.quarry.generator.onnx.TokenStreamListener;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.vertx.core.http.HttpServerResponse;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Conversations with one knowledge base ({@link Conversations}): any key with a role there may hold
 * them; each is seen only by the key that created it. A question asked in one is answered as {@link
 * AskResource} answers, from the follow-up rewritten to stand alone, and the answer says the {@code
 * query} retrieval used.
 */
@Authenticated
@Path("/api/kbs/{kb}/conversations")
public class ConversationResource {

  @Inject Access access;
  @Inject Conversations conversations;
  @Inject AnswerStreams streams;

  /** {@code {"title"}}, optional at creation: the first question names an untitled one. */
  public record TitleBody(String title) {}

  @POST
  @Operation(summary = "Start a conversation")
  public Response create(@PathParam("kb") String kbId, TitleBody body) {
    Caller caller = reader(kbId);
    ConversationView created =
        conversations.create(caller, kbId, body == null ? null : body.title());
    return Response.created(URI.create("/api/kbs/" + kbId + "/conversations/" + created.id()))
        .entity(created)
        .build();
  }

  @GET
  @Operation(summary = "Your conversations with this knowledge base, most recent first")
  public List<ConversationView> list(@PathParam("kb") String kbId) {
    return conversations.list(reader(kbId), kbId);
  }

  @GET
  @Path("{id}")
  @Operation(summary = "A conversation with its turns")
  public ConversationDetail get(@PathParam("kb") String kbId, @PathParam("id") String id) {
    return conversations.get(reader(kbId), kbId, id);
  }

  @PATCH
  @Path("{id}")
  @Operation(summary = "Rename a conversation")
  public ConversationView rename(
      @PathParam("kb") String kbId, @PathParam("id") String id, TitleBody body) {
    return conversations.rename(reader(kbId), kbId, id, body == null ? null : body.title());
  }

  @DELETE
  @Path("{id}")
  @Operation(summary = "Delete a conversation and its turns")
  public Response delete(@PathParam("kb") String kbId, @PathParam("id") String id) {
    conversations.delete(reader(kbId), kbId, id);
    return Response.noContent().build();
  }

  @POST
  @Path("{id}/ask")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "Ask a follow-up; the answer says the standalone query retrieval used")
  public AskResult ask(
      @PathParam("kb") String kbId,
      @PathParam("id") String id,
      AskResource.AskBody body,
      @Context HttpServerResponse response) {
    AskResource.AskBody b = body == null ? new AskResource.AskBody(null, null, null) : body;
    PreparedQuestion prepared =
        conversations.prepare(reader(kbId), kbId, id, b.question(), b.k(), b.minEvidence());
    return conversations.answer(
        kbId,
        prepared,
        b.k(),
        b.minEvidence(),
        TokenStreamListener.NONE,
        new CancellationSignal(response::closed));
  }

  @POST
  @Path("{id}/ask")
  @Blocking // the access check reads the catalogue
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @Operation(summary = "Ask a follow-up and stream the answer (token events, then done)")
  public Multi<OutboundSseEvent> askStream(
      @PathParam("kb") String kbId,
      @PathParam("id") String id,
      AskResource.AskBody body,
      @Context Sse sse,
      @Context HttpServerResponse response) {
    AskResource.AskBody b = body == null ? new AskResource.AskBody(null, null, null) : body;
    // checked before the stream starts: bad input and unknown ids get a plain problem
    PreparedQuestion prepared =
        conversations.prepare(reader(kbId), kbId, id, b.question(), b.k(), b.minEvidence());
    return streams.stream(
        kbId,
        sse,
        response,
        (listener, cancel) ->
            conversations.answer(kbId, prepared, b.k(), b.minEvidence(), listener, cancel));
  }

  private Caller reader(String kbId) {
    access.require(kbId, Role.READER);
    return access.caller();
  }
}
