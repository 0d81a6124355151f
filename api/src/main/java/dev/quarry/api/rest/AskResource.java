package dev.quarry.api.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.api.catalogue.Role;
import dev.quarry.api.qa.AskResult;
import dev.quarry.api.qa.QuestionAnswering;
import dev.quarry.api.security.Access;
import dev.quarry.generator.onnx.CancellationSignal;
import dev.quarry.generator.onnx.TokenStreamListener;
import io.quarkus.logging.Log;
import io.quarkus.security.Authenticated;
import io.vertx.core.http.HttpServerResponse;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.Map;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Questions answered from one knowledge base, with citations. JSON by default; with {@code Accept:
 * text/event-stream}, {@code token} events as the text grows and one {@code done} event with the
 * whole answer. A client that goes away cancels generation.
 */
@Authenticated
@Path("/api/kbs/{kb}/ask")
public class AskResource {

  @Inject Access access;
  @Inject QuestionAnswering qa;
  @Inject ObjectMapper mapper;

  /**
   * Runs streamed answers after the request method returns: Quarkus' managed executor (its worker
   * pool), which Quarkus sizes, propagates context into and shuts down with the application.
   */
  @Inject ManagedExecutor streams;

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
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @Operation(summary = "Ask a question and stream the answer (token events, then done)")
  public void askStream(
      @PathParam("kb") String kbId,
      AskBody body,
      @Context SseEventSink sink,
      @Context Sse sse,
      @Context HttpServerResponse response) {
    access.require(kbId, Role.READER);
    AskBody b = body == null ? new AskBody(null, null, null) : body;
    qa.validate(b.question(), b.k()); // a bad request still gets a plain 400 problem
    qa.checkMinEvidence(b.minEvidence());
    // the client went away: the answer stops at its next stage or generation step
    CancellationSignal cancel = new CancellationSignal(() -> sink.isClosed() || response.closed());
    TokenStreamListener listener =
        delta -> {
          if (cancel.isCancelled()) {
            return;
          }
          try {
            send(sink, sse, "token", Map.of("text", delta));
          } catch (RuntimeException e) {
            cancel.cancel(); // the write failed because the client went away
          }
        };
    // The answer is written after this method returns: Quarkus sends the stream's head only
    // then, and a sink closed before that cannot be answered.
    streams.execute(
        () -> {
          try {
            AskResult answer = qa.ask(kbId, b.question(), b.k(), b.minEvidence(), listener, cancel);
            if (cancel.isCancelled()) {
              Log.debugf("An answer in %s was cancelled: the client went away", kbId);
            } else {
              send(sink, sse, "done", answer);
            }
          } catch (RuntimeException e) {
            if (cancel.isCancelled() || ClientDisconnect.is(e)) {
              Log.debugf("An answer stream in %s ended: the client went away (%s)", kbId, e);
              return;
            }
            Problem problem = ProblemEvents.toProblem(e);
            if (problem.status() >= 500) {
              Log.warn("Streaming an answer failed", e);
            }
            try {
              send(sink, sse, "error", problem);
            } catch (RuntimeException gone) {
              Log.debugf("The client of an answer stream in %s went away: %s", kbId, gone);
            }
          } finally {
            sink.close();
          }
        });
  }

  /** Sends one event and waits until it is written, so events leave in order before close. */
  private void send(SseEventSink sink, Sse sse, String name, Object data) {
    sink.send(sse.newEventBuilder().name(name).data(json(data)).build())
        .toCompletableFuture()
        .join();
  }

  private String json(Object value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + value.getClass(), e);
    }
  }
}
