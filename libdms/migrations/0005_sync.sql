-- SPDX-License-Identifier: GPL-3.0-or-later
-- Desk sync (docs/sync.md). Portable SQL: the same tables on SQLite and PostgreSQL.
-- The server side (desks, sessions, processed commands, the change feed) and the
-- desk side (outbox, cursors, replica) live in one schema, as a desk's local file
-- and the server's database are both Delovod databases.

-- A workstation, known by the SHA-256 of its TLS client certificate.
CREATE TABLE sync_desk (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    cert_sha256 TEXT NOT NULL UNIQUE,
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at TEXT NOT NULL
);

-- A user logged in on a desk. Only the SHA-256 of the bearer token is kept.
CREATE TABLE sync_session (
    token_sha256 TEXT PRIMARY KEY,
    desk_id TEXT NOT NULL REFERENCES sync_desk(id),
    user_id TEXT NOT NULL REFERENCES app_user(id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX sync_session_expiry ON sync_session (expires_at);

-- Every pushed command once applied or refused, with its result, so that a replay
-- returns the same answer. Written in the command's own transaction.
CREATE TABLE sync_processed_op (
    op_id TEXT PRIMARY KEY,
    desk_id TEXT NOT NULL REFERENCES sync_desk(id),
    user_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('applied', 'rejected')),
    result TEXT NOT NULL,
    client_time TEXT,
    processed_at TEXT NOT NULL
);

-- The change feed. seq comes from the single counter row, updated as the last
-- statement of each writing transaction: the row lock makes commit order equal
-- sequence order, so a reader's cursor never passes a row committed late.
CREATE TABLE sync_change_counter (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    last_seq BIGINT NOT NULL
);
INSERT INTO sync_change_counter (id, last_seq) VALUES (1, 0);

CREATE TABLE sync_change (
    seq BIGINT PRIMARY KEY,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    access_level TEXT NOT NULL CHECK (access_level IN ('public', 'internal', 'restricted')),
    data TEXT NOT NULL,
    changed_at TEXT NOT NULL
);

-- A registration made from a desk's offline (provisional) entry: the local
-- receipt time keeps its legal weight next to the server's registration time.
CREATE TABLE sync_offline_receipt (
    registration_id TEXT PRIMARY KEY REFERENCES registration(id),
    desk_id TEXT NOT NULL REFERENCES sync_desk(id),
    provisional_number TEXT NOT NULL,
    received_at_local TEXT NOT NULL
);

-- Desk side: commands waiting for the server, in the order they were made.
CREATE TABLE sync_outbox (
    op_id TEXT PRIMARY KEY,
    position BIGINT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'applied', 'rejected')),
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    result TEXT
);
CREATE INDEX sync_outbox_state ON sync_outbox (state, position);

-- Desk side: cursors and counters by name ("changes", "provisional").
CREATE TABLE sync_state (
    stream TEXT PRIMARY KEY,
    cursor BIGINT NOT NULL
);

-- Desk side: the replica of what the server published, one row per entity.
CREATE TABLE sync_replica (
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    seq BIGINT NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (entity, entity_id)
);
