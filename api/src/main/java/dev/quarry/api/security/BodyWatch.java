package dev.quarry.api.security;

import dev.quarry.api.rest.Problem;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.function.BiConsumer;

/**
 * Watches one request body as it arrives, on the event loop: when no byte has come for {@code
 * readTimeout}, or the whole body has not come within {@code deadline}, it calls {@code cutOff}
 * once. A body that has arrived whole but is still not read after {@code readTimeout} is a
 * multipart body that ends inside a part (Vert.x waits for the part's end forever): a 400. It stops
 * when {@link #stop} says the body has been read, or the exchange is over. Runs on the request's
 * event loop only.
 */
final class BodyWatch {

  private static final String KEY = BodyWatch.class.getName();

  private final RoutingContext ctx;
  private final Duration readTimeout;
  private final Duration deadline;
  private final String deadlineSetting;
  private final BiConsumer<RoutingContext, Problem> cutOff;
  private final long startedNanos = System.nanoTime();
  private long lastBytes = -1;
  private long lastProgressNanos = startedNanos;
  private long timer;
  private boolean stopped;

  private BodyWatch(
      RoutingContext ctx,
      Duration readTimeout,
      Duration deadline,
      String deadlineSetting,
      BiConsumer<RoutingContext, Problem> cutOff) {
    this.ctx = ctx;
    this.readTimeout = readTimeout;
    this.deadline = deadline;
    this.deadlineSetting = deadlineSetting;
    this.cutOff = cutOff;
  }

  static void start(
      RoutingContext ctx,
      Duration readTimeout,
      Duration deadline,
      String deadlineSetting,
      BiConsumer<RoutingContext, Problem> cutOff) {
    BodyWatch watch = new BodyWatch(ctx, readTimeout, deadline, deadlineSetting, cutOff);
    Vertx vertx = ctx.vertx();
    long shorter = Math.min(readTimeout.toMillis(), deadline.toMillis());
    long tick = Math.max(50, Math.min(1000, shorter / 4));
    watch.timer = vertx.setPeriodic(tick, id -> watch.check());
    ctx.put(KEY, watch);
    ctx.addEndHandler(done -> watch.cancel());
  }

  /** Ends the watch of this request's body, if one was started: the body has been read. */
  static void stop(RoutingContext ctx) {
    BodyWatch watch = ctx.get(KEY);
    if (watch != null) {
      watch.cancel();
    }
  }

  private void cancel() {
    stopped = true;
    ctx.vertx().cancelTimer(timer);
  }

  private void check() {
    if (stopped || ctx.response().ended() || ctx.response().closed()) {
      cancel();
      return;
    }
    long now = System.nanoTime();
    long bytes = ctx.request().bytesRead();
    if (bytes != lastBytes) {
      lastBytes = bytes;
      lastProgressNanos = now;
    }
    Problem problem = null;
    if (now - lastProgressNanos >= readTimeout.toNanos()) {
      problem =
          ctx.request().isEnded()
              ? Problem.of(
                  400,
                  "The multipart body ended inside a part: every part must end with the boundary"
                      + " line and the body with '--' after the last one. Send the upload again,"
                      + " whole.")
              : Problem.of(
                  408,
                  "The request body stalled: nothing arrived for "
                      + readTimeout.toSeconds()
                      + " s (quarry.limits.body-read-timeout). Send it again.");
    } else if (now - startedNanos >= deadline.toNanos()) {
      problem =
          Problem.of(
              408,
              "The request body was not received within "
                  + deadline.toSeconds()
                  + " s ("
                  + deadlineSetting
                  + "); send it again, or in smaller requests.");
    }
    if (problem != null) {
      cancel();
      cutOff.accept(ctx, problem);
    }
  }
}
