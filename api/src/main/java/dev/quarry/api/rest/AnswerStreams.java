package dev.quarry.api.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.generator.onnx.CancellationSignal;
import dev.quarry.generator.onnx.TokenStreamListener;
import io.quarkus.logging.Log;
import io.vertx.core.http.HttpServerResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.Map;
import org.eclipse.microprofile.context.ManagedExecutor;

/**
 * Writes an answer as server-sent events, for every ask path that streams: {@code token} events as
 * the text grows, then one {@code done} event with the whole answer, or one {@code error} event
 * with a problem. A client that goes away cancels the answer at its next stage or generation step.
 */
@ApplicationScoped
public class AnswerStreams {

  /** What a stream answers: the answer, text deltas going to the listener as they come. */
  @FunctionalInterface
  public interface StreamedAnswer {
    Object answer(TokenStreamListener listener, CancellationSignal cancellation);
  }

  @Inject ObjectMapper mapper;

  /**
   * Runs streamed answers after the request method returns: Quarkus' managed executor (its worker
   * pool), which Quarkus sizes, propagates context into and shuts down with the application.
   */
  @Inject ManagedExecutor streams;

  /**
   * Starts answering into {@code sink}; returns at once. Check the request before: once the stream
   * has started, a failure can only be an {@code error} event.
   *
   * @param where what the log names the stream by (a knowledge base id)
   */
  public void stream(
      String where,
      SseEventSink sink,
      Sse sse,
      HttpServerResponse response,
      StreamedAnswer answer) {
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
    // The answer is written after the request method returns: Quarkus sends the stream's head only
    // then, and a sink closed before that cannot be answered.
    streams.execute(
        () -> {
          try {
            Object done = answer.answer(listener, cancel);
            if (cancel.isCancelled()) {
              Log.debugf("An answer in %s was cancelled: the client went away", where);
            } else {
              send(sink, sse, "done", done);
            }
          } catch (RuntimeException e) {
            if (cancel.isCancelled() || ClientDisconnect.is(e)) {
              Log.debugf("An answer stream in %s ended: the client went away (%s)", where, e);
              return;
            }
            Problem problem = ProblemEvents.toProblem(e);
            if (problem.status() >= 500) {
              Log.warn("Streaming an answer failed", e);
            }
            try {
              send(sink, sse, "error", problem);
            } catch (RuntimeException gone) {
              Log.debugf("The client of an answer stream in %s went away: %s", where, gone);
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
