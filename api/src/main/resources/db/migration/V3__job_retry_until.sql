-- A job failing for a transient reason is retried until this instant (set at its first failure;
-- null while it has not failed), instead of a number of attempts a burst of failures uses up.
ALTER TABLE ingestion_job ADD COLUMN retry_until TIMESTAMP WITH TIME ZONE;
