/**
 * Benchmarks behind docs/benchmarks.md that need no dataset: the HNSW scale run ({@link
 * dev.quarry.retriever.bench.VectorScaleBench}) and the embedding throughput comparison ({@link
 * dev.quarry.retriever.bench.EmbeddingThroughputBench}). They measure; tests never assert timings.
 */
package dev.quarry.retriever.bench;
