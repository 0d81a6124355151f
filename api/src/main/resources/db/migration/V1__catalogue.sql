-- Quarry's catalogue. Portable SQL: the same script runs on H2 (embedded default) and PostgreSQL.

CREATE TABLE knowledge_base (
    id             VARCHAR(32)  NOT NULL PRIMARY KEY,
    name           VARCHAR(200) NOT NULL,
    chunk_tokens   INTEGER      NOT NULL,
    chunk_overlap  INTEGER      NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE document (
    id             VARCHAR(36)   NOT NULL PRIMARY KEY,
    kb_id          VARCHAR(32)   NOT NULL REFERENCES knowledge_base (id) ON DELETE CASCADE,
    name           VARCHAR(1024) NOT NULL,
    media_type     VARCHAR(200),
    size_bytes     BIGINT        NOT NULL,
    sha256         CHAR(64)      NOT NULL,
    version        BIGINT        NOT NULL,
    indexed_version BIGINT       NOT NULL,
    status         VARCHAR(16)   NOT NULL,
    error          VARCHAR(2000),
    chunk_count    INTEGER       NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT document_name_unique UNIQUE (kb_id, name)
);
CREATE INDEX document_kb_status ON document (kb_id, status);

CREATE TABLE document_version (
    document_id    VARCHAR(36)  NOT NULL REFERENCES document (id) ON DELETE CASCADE,
    version        BIGINT       NOT NULL,
    sha256         CHAR(64)     NOT NULL,
    size_bytes     BIGINT       NOT NULL,
    media_type     VARCHAR(200),
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (document_id, version)
);
CREATE INDEX document_version_sha ON document_version (sha256);

CREATE TABLE ingestion_job (
    id             VARCHAR(36)   NOT NULL PRIMARY KEY,
    kb_id          VARCHAR(32)   NOT NULL REFERENCES knowledge_base (id) ON DELETE CASCADE,
    document_id    VARCHAR(36)   NOT NULL REFERENCES document (id) ON DELETE CASCADE,
    version        BIGINT        NOT NULL,
    state          VARCHAR(16)   NOT NULL,
    attempts       INTEGER       NOT NULL,
    next_attempt_at TIMESTAMP WITH TIME ZONE NOT NULL,
    last_error     VARCHAR(2000),
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ingestion_job_due ON ingestion_job (state, next_attempt_at);

CREATE TABLE api_key (
    id             VARCHAR(36)  NOT NULL PRIMARY KEY,
    kb_id          VARCHAR(32)  NOT NULL REFERENCES knowledge_base (id) ON DELETE CASCADE,
    role           VARCHAR(16)  NOT NULL,
    key_hash       CHAR(64)     NOT NULL UNIQUE,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL
);
