/**
 * Step 1 of indexing and of every search: text to vectors. {@link
 * dev.quarry.retriever.embed.Embedder} is the seam; {@link
 * dev.quarry.retriever.embed.OnnxBertEmbedder} runs bge-small-en-v1.5 (int8 ONNX, shipped in
 * LangChain4j's jar) in padded batches with ONNX Runtime.
 */
package dev.quarry.retriever.embed;
