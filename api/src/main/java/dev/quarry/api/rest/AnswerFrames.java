package dev.quarry.api.rest;

import java.util.List;

/**
 * How an answer stream writes what happens to it: Quarry's named events ({@link NamedAnswerEvents})
 * or OpenAI's chunks ({@link ChatCompletionChunks}). {@link AnswerStreams} runs the answer and
 * decides when each kind of frame is due; the framing only says what it looks like.
 *
 * @param <R> the finished answer
 * @param <T> one item of the stream, which Quarkus REST writes
 */
interface AnswerFrames<R, T> {

  /** What goes out before the answer starts: a role, or nothing. */
  List<T> opening();

  /** What a text delta becomes while the answer is written. */
  T progress(String delta);

  /** What the finished answer becomes. */
  List<T> done(R answer);

  /** What a failure after the stream started becomes; the stream ends after it. */
  T error(Problem problem);
}
