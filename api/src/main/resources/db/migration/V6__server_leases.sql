-- Several servers on one catalogue (issue 12 part 6): each running server holds a lease here, and a
-- running job names the server that claimed it, so a job is queued again only when that server's
-- lease ran out (and never because another server started).
CREATE TABLE server_lease (
    id             VARCHAR(36)  PRIMARY KEY,
    host           VARCHAR(255) NOT NULL,
    pid            BIGINT       NOT NULL,
    data_dir       VARCHAR(1024) NOT NULL,
    started_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    heartbeat_at   TIMESTAMP WITH TIME ZONE NOT NULL
);

ALTER TABLE ingestion_job ADD COLUMN claimed_by VARCHAR(36);
