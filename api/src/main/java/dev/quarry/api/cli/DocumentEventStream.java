package dev.quarry.api.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.classic.methods.HttpGet;

/**
 * A knowledge base's {@code document} events ({@code GET /api/kbs/{kb}/events}), read on a daemon
 * thread of their own into a queue, so that {@code ./quarry ingest --url} learns when each upload
 * ends without asking the server over and over. Opened before the first upload: {@link #open}
 * returns once the server has subscribed the stream, so no later change goes unseen while the
 * stream lasts.
 */
final class DocumentEventStream implements AutoCloseable {

  /** How long the server may take to subscribe a stream. */
  static final Duration OPEN_TIMEOUT = Duration.ofSeconds(30);

  /** Tells the queue's reader that the stream ended. */
  private static final JsonNode END = NullNode.instance;

  private final QuarryClient client;
  private final String kbId;
  private final BlockingQueue<JsonNode> documents = new LinkedBlockingQueue<>();
  private volatile HttpGet request;
  private volatile boolean ended;
  private volatile RuntimeException failure;

  private DocumentEventStream(QuarryClient client, String kbId) {
    this.client = client;
    this.kbId = kbId;
  }

  /**
   * Opens the stream and waits until the server has subscribed it.
   *
   * @throws QuarryClient.ClientException when the server refuses it, cannot be reached, or does not
   *     subscribe it within {@link #OPEN_TIMEOUT}
   */
  static DocumentEventStream open(QuarryClient client, String kbId) throws InterruptedException {
    DocumentEventStream stream = new DocumentEventStream(client, kbId);
    stream.connect();
    return stream;
  }

  /** Opens the stream again after it ended; events sent in between are lost. */
  void reopen() throws InterruptedException {
    close();
    documents.clear();
    ended = false;
    failure = null;
    connect();
  }

  private void connect() throws InterruptedException {
    CountDownLatch subscribed = new CountDownLatch(1);
    HttpGet get = client.eventsRequest(kbId);
    request = get;
    Thread reader =
        new Thread(
            () -> {
              try {
                client.readEvents(
                    get,
                    event -> {
                      if (event.type().equals("document")) {
                        documents.add(client.parse(event.data()));
                      }
                    },
                    comment -> {
                      if (comment.equals("connected")) {
                        subscribed.countDown();
                      }
                    });
              } catch (QuarryClient.ClientException e) {
                failure = e;
              } catch (IOException | RuntimeException e) {
                failure =
                    new QuarryClient.ClientException(
                        "The event stream of knowledge base " + kbId + " broke: " + e.getMessage());
              } finally {
                ended = true;
                documents.add(END);
                subscribed.countDown();
              }
            },
            "quarry-events-" + kbId);
    reader.setDaemon(true);
    reader.start();
    if (!subscribed.await(OPEN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      close();
      throw new QuarryClient.ClientException(
          "The server did not open the event stream of knowledge base "
              + kbId
              + " within "
              + OPEN_TIMEOUT.toSeconds()
              + " s.");
    }
    if (ended && failure != null) {
      throw failure;
    }
  }

  /**
   * The next document event: a document's state as JSON ({@code id}, {@code status}, {@code
   * version}, {@code chunks}, {@code error}, {@code deleted}).
   *
   * @return empty when none came within {@code wait}, or once the stream has ended ({@link #ended})
   */
  Optional<JsonNode> next(Duration wait) throws InterruptedException {
    JsonNode next = documents.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    if (next == null || next == END) {
      return Optional.empty();
    }
    return Optional.of(next);
  }

  /**
   * Whether the stream ended (the server closed it, or it broke); {@link #reopen} opens it again.
   */
  boolean ended() {
    return ended && documents.isEmpty();
  }

  @Override
  public void close() {
    HttpGet current = request;
    if (current != null) {
      current.cancel();
    }
  }
}
