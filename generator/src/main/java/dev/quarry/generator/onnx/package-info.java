/**
 * The generation step of the question-to-answer flow: the chat-templated prompt goes in, text comes
 * out token by token. {@link dev.quarry.generator.onnx.DecoderModel} is the immutable model
 * (config, tokenizer, ONNX Runtime session whose inputs and outputs it reads), {@link
 * dev.quarry.generator.onnx.KvCache} the mutable state of one generation, {@link
 * dev.quarry.generator.onnx.TextGenerator} the prefill-then-decode loop that streams whole-UTF-8
 * deltas.
 */
package dev.quarry.generator.onnx;
