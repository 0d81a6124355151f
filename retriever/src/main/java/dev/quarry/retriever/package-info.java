/**
 * The retriever: where chunks land after ingestion and where every question starts.
 *
 * <ol>
 *   <li>{@link dev.quarry.retriever.embed} turns chunk and query text into vectors with the
 *       in-process bge-small-en-v1.5 model.
 *   <li>{@link dev.quarry.retriever.index} keeps one Lucene index per knowledge base: BM25 text and
 *       an HNSW vector graph for every chunk, replaced and deleted atomically.
 *   <li>{@link dev.quarry.retriever.search} answers a query with BM25 and kNN legs, fused by {@link
 *       dev.quarry.retriever.fusion}.
 *   <li>{@link dev.quarry.retriever.eval} measures all of it on BEIR datasets.
 * </ol>
 */
package dev.quarry.retriever;
