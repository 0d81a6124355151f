package dev.quarry.api.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.generator.onnx.CancellationSignal;
import dev.quarry.generator.onnx.TokenStreamListener;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.vertx.core.http.HttpServerResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.util.Map;
import org.eclipse.microprofile.context.ManagedExecutor;

/**
 * An answer as server-sent events, for every ask path that streams: {@code token} events as the
 * text grows, then one {@code done} event with the whole answer, or one {@code error} event with a
 * problem. The stream is a Mutiny {@link Multi} that Quarkus REST writes; the answer runs on
 * Quarkus' managed executor, and a client that goes away cancels the stream, which stops the answer
 * at its next stage or generation step.
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
   * Runs streamed answers: Quarkus' managed executor (its worker pool), which Quarkus sizes,
   * propagates context into and shuts down with the application.
   */
  @Inject ManagedExecutor streams;

  /**
   * The answer's events. Check the request before: once the stream has started, a failure can only
   * be an {@code error} event.
   *
   * @param where what the log names the stream by (a knowledge base id)
   */
  public Multi<OutboundSseEvent> stream(
      String where, Sse sse, HttpServerResponse response, StreamedAnswer answer) {
    return Multi.createFrom()
        .emitter(
            emitter -> {
              CancellationSignal cancel =
                  new CancellationSignal(() -> emitter.isCancelled() || response.closed());
              TokenStreamListener listener =
                  delta -> {
                    if (!cancel.isCancelled()) {
                      emitter.emit(event(sse, "token", Map.of("text", delta)));
                    }
                  };
              streams.execute(
                  () -> {
                    try {
                      Object done = answer.answer(listener, cancel);
                      if (cancel.isCancelled()) {
                        Log.debugf("An answer in %s was cancelled: the client went away", where);
                      } else {
                        emitter.emit(event(sse, "done", done));
                      }
                    } catch (RuntimeException e) {
                      if (cancel.isCancelled() || ClientDisconnect.is(e)) {
                        Log.debugf(
                            "An answer stream in %s ended: the client went away (%s)", where, e);
                      } else {
                        Problem problem = ProblemEvents.toProblem(e);
                        if (problem.status() >= 500) {
                          Log.warn("Streaming an answer failed", e);
                        }
                        emitter.emit(event(sse, "error", problem));
                      }
                    } finally {
                      emitter.complete();
                    }
                  });
            });
  }

  private OutboundSseEvent event(Sse sse, String name, Object data) {
    try {
      return sse.newEventBuilder().name(name).data(mapper.writeValueAsString(data)).build();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + data.getClass(), e);
    }
  }
}
