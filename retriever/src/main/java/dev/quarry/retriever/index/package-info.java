/**
 * Step 2 of indexing: one Lucene index per knowledge base. Ingestion hands over {@link
 * dev.quarry.retriever.index.Chunk}s; {@link dev.quarry.retriever.index.KnowledgeIndex} embeds them
 * and stores each as one Lucene document with BM25 text and an HNSW vector, replacing or deleting a
 * whole document version in one atomic step.
 */
package dev.quarry.retriever.index;
