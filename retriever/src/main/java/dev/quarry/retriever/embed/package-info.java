/**
 * Step 1 of indexing and of every search: text to vectors. {@link
 * dev.quarry.retriever.embed.Embedder} is the seam; {@link
 * dev.quarry.retriever.embed.OnnxBertEmbedder} runs bge-small-en-v1.5 (int8 ONNX, shipped in
 * LangChain4j's jar) with ONNX Runtime, one text per call on each of several workers.
 */
package dev.quarry.retriever.embed;
