-- Re-index into a new generation of a knowledge base's index (see docs/ingestion.md, "Re-index").
-- generation: the index generation searches use (0 is the directory named after the knowledge
-- base, N > 0 is "<id>-gN"). next_generation: the generation a re-index is building, null when
-- none; the worker switches generation to it, in one UPDATE, when no job for it is left.
-- ingestion_job.generation: null for a job that writes the live generation (and the one being
-- built, if any); N for a re-index job that writes generation N only.
ALTER TABLE knowledge_base ADD COLUMN generation INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE knowledge_base ADD COLUMN next_generation INTEGER;
ALTER TABLE ingestion_job ADD COLUMN generation INTEGER;
