package dev.quarry.api.security;

import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.function.BiConsumer;

/**
 * Watches one request body as it arrives, on the event loop: when no byte has come for {@code
 * readTimeout}, or the whole body has not come within {@code deadline}, it calls {@code cutOff}
 * once. It stops when {@link #stop} says the body has been read, or the exchange is over. Runs on
 * the request's event loop only.
 */
final class BodyWatch {

  private static final String KEY = BodyWatch.class.getName();

  private final RoutingContext ctx;
  private final Duration readTimeout;
  private final Duration deadline;
  private final String deadlineSetting;
  private final BiConsumer<RoutingContext, String> cutOff;
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
      BiConsumer<RoutingContext, String> cutOff) {
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
      BiConsumer<RoutingContext, String> cutOff) {
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
    String detail = null;
    if (now - lastProgressNanos >= readTimeout.toNanos()) {
      detail =
          "The request body stalled: nothing arrived for "
              + readTimeout.toSeconds()
              + " s (quarry.limits.body-read-timeout). Send it again.";
    } else if (now - startedNanos >= deadline.toNanos()) {
      detail =
          "The request body was not received within "
              + deadline.toSeconds()
              + " s ("
              + deadlineSetting
              + "); send it again, or in smaller requests.";
    }
    if (detail != null) {
      cancel();
      cutOff.accept(ctx, detail);
    }
  }
}
