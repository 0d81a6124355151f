package dev.quarry.api.rest;

import dev.quarry.api.catalogue.Role;
import dev.quarry.api.qa.AskResult;
import dev.quarry.api.qa.QuestionAnswering;
import dev.quarry.api.security.Access;
import dev.quarry.generator.onnx.CancellationSignal;
import dev.quarry.generator.onnx.TokenStreamListener;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.vertx.core.http.HttpServerResponse;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Questions answered from one knowledge base, with citations. JSON by default; with {@code Accept:
 * text/event-stream}, {@code token} events as the text grows and one {@code done} event with the
 * whole answer ({@link AnswerStreams}). A client that goes away cancels generation.
 */
@Authenticated
@Path("/api/kbs/{kb}/ask")
public class AskResource {

  @Inject Access access;
  @Inject QuestionAnswering qa;
  @Inject AnswerStreams streams;

  /**
   * {@code {"question","k","minEvidence"}}: k passages (default {@code
   * quarry.retrieval.default-k}); {@code minEvidence} overrides {@code quarry.answers.min-evidence}
   * for this question.
   */
  public record AskBody(String question, Integer k, Double minEvidence) {}

  @POST
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "Ask a question; the answer cites its sources")
  public AskResult ask(
      @PathParam("kb") String kbId, AskBody body, @Context HttpServerResponse response) {
    access.require(kbId, Role.READER);
    AskBody b = body == null ? new AskBody(null, null, null) : body;
    // a client that goes away stops the answer at its next stage: nobody is left to read it
    return qa.ask(
        kbId,
        b.question(),
        b.k(),
        b.minEvidence(),
        TokenStreamListener.NONE,
        new CancellationSignal(response::closed));
  }

  @POST
  @Blocking // the access check reads the catalogue
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @Operation(summary = "Ask a question and stream the answer (token events, then done)")
  public Multi<OutboundSseEvent> askStream(
      @PathParam("kb") String kbId,
      AskBody body,
      @Context Sse sse,
      @Context HttpServerResponse response) {
    access.require(kbId, Role.READER);
    AskBody b = body == null ? new AskBody(null, null, null) : body;
    qa.validate(b.question(), b.k()); // a bad request still gets a plain 400 problem
    qa.checkMinEvidence(b.minEvidence());
    return streams.stream(
        kbId,
        sse,
        response,
        (listener, cancel) -> qa.ask(kbId, b.question(), b.k(), b.minEvidence(), listener, cancel));
  }
}
