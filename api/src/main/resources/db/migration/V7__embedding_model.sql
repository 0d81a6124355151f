-- A knowledge base's embedding model is a setting (issue 13 part 5): one of the models bundled in
-- the jar, by stable name. Knowledge bases made before it embed with bge-small-en-v1.5-q, the only
-- model there was. A change re-indexes every document into a new generation (see V5).
ALTER TABLE knowledge_base ADD COLUMN embedding_model VARCHAR(64) DEFAULT 'bge-small-en-v1.5-q' NOT NULL;
