package dev.quarry.ingestion.parse;

import dev.quarry.ingestion.BadDocumentException;
import dev.quarry.ingestion.IngestionException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.lang3.concurrent.BasicThreadFactory;

/**
 * Runs another parser on a named worker thread ({@code quarry-parse-<n>}) and gives up after a time
 * limit, so one hostile file cannot stall a batch. On timeout the worker is interrupted; a parser
 * deep in a loop that ignores interrupts keeps its (daemon) thread until it returns, but the caller
 * goes on at once.
 */
public final class TimeLimitedParser implements DocumentParser, AutoCloseable {

  private static final AtomicInteger POOL_IDS = new AtomicInteger();

  private final DocumentParser delegate;
  private final Duration timeout;
  private final ExecutorService workers;

  public TimeLimitedParser(DocumentParser delegate, Duration timeout) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.workers =
        Executors.newCachedThreadPool(
            BasicThreadFactory.builder()
                .namingPattern("quarry-parse-" + POOL_IDS.incrementAndGet() + "-%d")
                .daemon(true)
                .build());
  }

  /**
   * {@inheritDoc}
   *
   * @throws IngestionException also when the parse takes longer than the time limit
   */
  @Override
  public ParsedDocument parse(byte[] content, String name, String mediaType) {
    Future<ParsedDocument> future = workers.submit(() -> delegate.parse(content, name, mediaType));
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new BadDocumentException(
          name, "parsing took longer than " + timeout.toSeconds() + " s and was stopped", e);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new IngestionException(name, "interrupted while parsing", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IngestionException ie) {
        throw ie;
      }
      throw new IngestionException(name, "the parser failed: " + e.getCause(), e.getCause());
    }
  }

  @Override
  public void close() {
    workers.shutdownNow();
  }
}
