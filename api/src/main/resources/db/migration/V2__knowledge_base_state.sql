-- A knowledge base being deleted is marked first, in its own transaction, so that uploads (which
-- lock its row) refuse it before its rows, index and blobs go; see KnowledgeBases.delete.
ALTER TABLE knowledge_base ADD COLUMN state VARCHAR(16) DEFAULT 'ACTIVE' NOT NULL;
