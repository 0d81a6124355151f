/**
 * Steps 3–5 of answering a question: {@link dev.quarry.retriever.search.HybridRetriever} embeds the
 * query, runs a BM25 leg and a kNN leg over one {@link dev.quarry.retriever.index.ChunkIndex}
 * snapshot with the same filters, fuses them, optionally diversifies with MMR, and returns {@link
 * dev.quarry.retriever.search.Passage}s that say why they came back.
 */
package dev.quarry.retriever.search;
