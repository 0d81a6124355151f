/**
 * The last stage of the question-to-answer flow: the retriever's top passages ({@link
 * dev.quarry.generator.Source}) come in, a cited and grounding-checked {@link
 * dev.quarry.generator.Answer} goes out. {@link dev.quarry.generator.AnswerGenerator} numbers the
 * steps; sub-packages hold one capability each: {@code model} (files on disk, hub download), {@code
 * tokenizer}, {@code onnx} (the decoder and its KV-cache loop), {@code sampling}, {@code prompt},
 * {@code grounding}, {@code openai} (the text written by an OpenAI-compatible server instead),
 * {@code langchain4j} (adapters) and {@code cli}.
 */
package dev.quarry.generator;
