package dev.quarry.api.rest;

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
import org.eclipse.microprofile.context.ManagedExecutor;

/**
 * An answer as a stream, for every ask path that streams: Quarry's named events for {@code ask} and
 * conversations ({@link NamedAnswerEvents}), OpenAI's chunks for {@code /v1/chat/completions}
 * ({@link ChatCompletionChunks}). Either way the stream is a Mutiny {@link Multi} that Quarkus REST
 * writes: the opening frames, one frame per text delta while the answer is written, then the
 * finished answer's frames, or one error frame with a problem. The answer runs on Quarkus' managed
 * executor, and a client that goes away cancels the stream, which stops the answer at its next
 * stage or generation step.
 */
@ApplicationScoped
public class AnswerStreams {

  /** What a stream answers: the answer, text deltas going to the listener as they come. */
  @FunctionalInterface
  public interface StreamedAnswer<R> {
    R answer(TokenStreamListener listener, CancellationSignal cancellation);
  }

  @Inject ObjectMapper mapper;

  /**
   * Runs streamed answers: Quarkus' managed executor (its worker pool), which Quarkus sizes,
   * propagates context into and shuts down with the application.
   */
  @Inject ManagedExecutor streams;

  /**
   * The answer as Quarry's named SSE events ({@code token}, {@code done}, {@code error}). Check the
   * request before: once the stream has started, a failure can only be an {@code error} event.
   *
   * @param where what the log names the stream by (a knowledge base id)
   */
  public <R> Multi<OutboundSseEvent> stream(
      String where, Sse sse, HttpServerResponse response, StreamedAnswer<R> answer) {
    return stream(where, response, answer, new NamedAnswerEvents<>(sse, mapper));
  }

  /**
   * The answer in the given framing. Check the request before: once the stream has started, a
   * failure can only be an error frame.
   */
  <R, T> Multi<T> stream(
      String where,
      HttpServerResponse response,
      StreamedAnswer<R> answer,
      AnswerFrames<R, T> frames) {
    return Multi.createFrom()
        .emitter(
            emitter -> {
              CancellationSignal cancel =
                  new CancellationSignal(() -> emitter.isCancelled() || response.closed());
              frames.opening().forEach(emitter::emit);
              TokenStreamListener listener =
                  delta -> {
                    if (!cancel.isCancelled()) {
                      emitter.emit(frames.progress(delta));
                    }
                  };
              streams.execute(
                  () -> {
                    try {
                      R done = answer.answer(listener, cancel);
                      if (cancel.isCancelled()) {
                        Log.debugf("An answer in %s was cancelled: the client went away", where);
                      } else {
                        frames.done(done).forEach(emitter::emit);
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
                        emitter.emit(frames.error(problem));
                      }
                    } finally {
                      emitter.complete();
                    }
                  });
            });
  }
}
