/**
 * Step 1b of the upload-to-answer flow: {@link dev.quarry.ingestion.parse.ParsedDocument} → the
 * retriever's {@link dev.quarry.retriever.index.Chunk}s. {@link
 * dev.quarry.ingestion.chunk.TokenAwareChunker} measures with the embedding model's own tokenizer,
 * so every chunk fits the model's window, and cuts at headings, then paragraphs, then sentences.
 */
package dev.quarry.ingestion.chunk;
