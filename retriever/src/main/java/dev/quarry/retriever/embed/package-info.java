/**
 * Step 1 of indexing and of every search: text to vectors. {@link
 * dev.quarry.retriever.embed.Embedder} is the seam; {@link
 * dev.quarry.retriever.embed.OnnxBertEmbedder} runs a bundled model ({@link
 * dev.quarry.retriever.embed.BundledModel}: bge-small-en-v1.5 or all-MiniLM-L6-v2, int8 ONNX
 * shipped in LangChain4j's jars) with ONNX Runtime, one text per call on each of several workers;
 * {@link dev.quarry.retriever.embed.EmbeddingModels} loads each model once, by name, for the
 * indexes that use it.
 */
package dev.quarry.retriever.embed;
