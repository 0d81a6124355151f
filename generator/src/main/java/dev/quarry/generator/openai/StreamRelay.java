package dev.quarry.generator.openai;

import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.quarry.generator.GeneratorException;
import dev.quarry.generator.onnx.CancellationSignal;
import dev.quarry.generator.onnx.TokenStreamListener;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Carries one streamed reply from the HTTP client's threads to the thread that asked: LangChain4j
 * calls the handler methods there, and {@link #relay} hands each piece to the {@link
 * TokenStreamListener} on the calling thread, in order, as the {@link
 * dev.quarry.generator.LanguageModel} contract says. The stream is cancelled when the caller
 * cancels, when the listener throws, and when the server sends nothing for the idle timeout. One
 * instance per request.
 */
final class StreamRelay implements StreamingChatResponseHandler {

  /** How often a waiting relay looks at the caller's cancellation signal. */
  private static final long POLL_MILLIS = 50;

  private sealed interface Event permits Piece, Done, Failed {}

  private record Piece(String text) implements Event {}

  private record Done(ChatResponse response) implements Event {}

  private record Failed(Throwable error) implements Event {}

  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private volatile StreamingHandle handle;
  private volatile boolean stopped;

  @Override
  public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
    handle = context.streamingHandle();
    if (stopped) {
      handle.cancel();
      return;
    }
    events.add(new Piece(partial.text()));
  }

  @Override
  public void onPartialResponse(String text) {
    events.add(new Piece(text));
  }

  @Override
  public void onCompleteResponse(ChatResponse response) {
    events.add(new Done(response));
  }

  @Override
  public void onError(Throwable error) {
    events.add(new Failed(error));
  }

  /**
   * Waits for the reply on the calling thread, handing each piece to {@code listener}.
   *
   * @throws GeneratorException from {@code failures} when the server fails or stays silent for
   *     {@code idleTimeout}
   */
  RemoteReply relay(
      TokenStreamListener listener,
      CancellationSignal cancellation,
      Duration idleTimeout,
      RemoteFailures failures) {
    StringBuilder text = new StringBuilder();
    long idleNanos = idleTimeout.toNanos();
    long lastEvent = System.nanoTime();
    try {
      while (true) {
        if (cancellation.isCancelled()) {
          stop();
          return RemoteReply.cancelled(text.toString());
        }
        Event event = events.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
        if (event == null) {
          if (System.nanoTime() - lastEvent > idleNanos) {
            stop();
            throw failures.silent();
          }
          continue;
        }
        lastEvent = System.nanoTime();
        if (event instanceof Piece piece) {
          if (piece.text() != null && !piece.text().isEmpty()) {
            text.append(piece.text());
            listener.onText(piece.text());
          }
        } else if (event instanceof Done done) {
          return RemoteReply.of(done.response());
        } else if (event instanceof Failed failed) {
          throw failures.of(failed.error());
        }
      }
    } catch (InterruptedException e) {
      stop();
      Thread.currentThread().interrupt();
      return RemoteReply.cancelled(text.toString());
    } catch (RuntimeException e) {
      stop(); // the listener threw, or the server failed: nobody reads the rest
      throw e;
    }
  }

  private void stop() {
    stopped = true;
    StreamingHandle h = handle;
    if (h != null) {
      h.cancel();
    }
  }
}
