-- Conversations: a key's exchanges with one knowledge base, turn by turn (see Conversations).
-- Portable SQL: the same script runs on H2 and PostgreSQL.

CREATE TABLE conversation (
    id             VARCHAR(36)  NOT NULL PRIMARY KEY,
    kb_id          VARCHAR(32)  NOT NULL REFERENCES knowledge_base (id) ON DELETE CASCADE,
    -- the id of the key that created it, or 'admin' for the server's admin key
    owner          VARCHAR(36)  NOT NULL,
    title          VARCHAR(200) NOT NULL,
    turn_count     INTEGER      NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX conversation_owner ON conversation (kb_id, owner, updated_at);

CREATE TABLE conversation_turn (
    conversation_id VARCHAR(36)  NOT NULL REFERENCES conversation (id) ON DELETE CASCADE,
    position        INTEGER      NOT NULL,
    question        VARCHAR(8000) NOT NULL,
    -- the standalone query retrieval used, and how it was made (UNCHANGED, CONTEXTUALISED, MODEL)
    query           VARCHAR(16000) NOT NULL,
    rewrite         VARCHAR(16)  NOT NULL,
    answer          VARCHAR(1000000) NOT NULL,
    mode            VARCHAR(16)  NOT NULL,
    -- the whole answer as the API returned it (citations included), JSON
    result          VARCHAR(1000000) NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (conversation_id, position)
);
