package dev.quarry.api.security;

import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.function.BiConsumer;

/**
 * Watches one request body as it arrives, on the event loop: when no byte has come for {@code
 * readTimeout}, or the whole body has not come within {@code deadline}, it calls {@code cutOff}
 * once. It stops when the body has been read or the exchange is over.
 */
final class BodyWatch {

  private final RoutingContext ctx;
  private final Duration readTimeout;
  private final Duration deadline;
  private final String deadlineSetting;
  private final BiConsumer<RoutingContext, String> cutOff;
  private final long startedNanos = System.nanoTime();
  private long lastBytes = -1;
  private long lastProgressNanos = startedNanos;
  private long timer;

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
    long tick = Math.max(50, Math.min(1000, Math.min(readTimeout, deadline).toMillis() / 4));
    watch.timer = vertx.setPeriodic(tick, id -> watch.check());
    ctx.addEndHandler(done -> vertx.cancelTimer(watch.timer));
  }

  private void check() {
    if (ctx.request().isEnded() || ctx.response().ended() || ctx.response().closed()) {
      ctx.vertx().cancelTimer(timer);
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
      ctx.vertx().cancelTimer(timer);
      cutOff.accept(ctx, detail);
    }
  }
}
