/**
 * Step 2 of indexing: one index per knowledge base behind one contract, {@link
 * dev.quarry.retriever.index.ChunkIndex}. Ingestion hands over {@link
 * dev.quarry.retriever.index.Chunk}s; the embedded implementation, {@link
 * dev.quarry.retriever.index.KnowledgeIndex}, embeds them and stores each as one Lucene document
 * with BM25 text and an HNSW vector, replacing or deleting a whole document version in one atomic
 * step.
 */
package dev.quarry.retriever.index;
