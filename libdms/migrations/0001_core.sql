-- SPDX-License-Identifier: GPL-3.0-or-later
-- The registry core. Portable SQL: runs unchanged on SQLite and PostgreSQL.
-- Ids are UUID text made by the application; times are ISO-8601 UTC text with
-- milliseconds (sortable as text); dates are 'YYYY-MM-DD'.

CREATE TABLE app_user (
    id TEXT PRIMARY KEY,
    login TEXT NOT NULL UNIQUE,
    full_name TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at TEXT NOT NULL
);

CREATE TABLE user_role (
    user_id TEXT NOT NULL REFERENCES app_user(id),
    role TEXT NOT NULL CHECK (role IN ('clerk', 'official', 'administrator', 'auditor')),
    PRIMARY KEY (user_id, role)
);

CREATE TABLE registry (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    index_pattern TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE register (
    id TEXT PRIMARY KEY,
    registry_id TEXT NOT NULL REFERENCES registry(id),
    code TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('incoming', 'outgoing', 'internal', 'orders')),
    name TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at TEXT NOT NULL,
    UNIQUE (registry_id, code)
);

-- The gap-free counter: one row per register and year, bumped in the same
-- transaction as the registration that takes the number.
CREATE TABLE register_counter (
    register_id TEXT NOT NULL REFERENCES register(id),
    year INTEGER NOT NULL,
    last_number BIGINT NOT NULL,
    PRIMARY KEY (register_id, year)
);

CREATE TABLE classification (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL,
    title TEXT NOT NULL,
    parent_id TEXT REFERENCES classification(id),
    retention_years INTEGER CHECK (retention_years IS NULL OR retention_years > 0),
    permanent INTEGER NOT NULL DEFAULT 0 CHECK (permanent IN (0, 1)),
    valid_from_year INTEGER NOT NULL,
    valid_to_year INTEGER,
    note TEXT,
    UNIQUE (code, valid_from_year)
);

CREATE TABLE correspondent (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('citizen', 'company', 'administration')),
    name TEXT NOT NULL,
    egn TEXT,
    eik TEXT,
    seos_guid TEXT,
    address TEXT,
    email TEXT,
    phone TEXT,
    search_key TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX correspondent_egn ON correspondent (egn) WHERE egn IS NOT NULL;
CREATE UNIQUE INDEX correspondent_eik ON correspondent (eik) WHERE eik IS NOT NULL;
CREATE UNIQUE INDEX correspondent_seos ON correspondent (seos_guid) WHERE seos_guid IS NOT NULL;
CREATE INDEX correspondent_search ON correspondent (search_key);

CREATE TABLE document (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    correspondent_id TEXT REFERENCES correspondent(id),
    channel TEXT NOT NULL CHECK (channel IN ('counter', 'post', 'email', 'seos', 'ssev', 'eservice', 'internal')),
    page_count INTEGER NOT NULL DEFAULT 0 CHECK (page_count >= 0),
    access_level TEXT NOT NULL CHECK (access_level IN ('public', 'internal', 'restricted')),
    classification_id TEXT REFERENCES classification(id),
    full_text TEXT,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL REFERENCES app_user(id)
);
CREATE INDEX document_correspondent ON document (correspondent_id);

-- A registration is written once; only the annulment columns change, once.
CREATE TABLE registration (
    id TEXT PRIMARY KEY,
    register_id TEXT NOT NULL REFERENCES register(id),
    year INTEGER NOT NULL,
    number BIGINT NOT NULL CHECK (number > 0),
    sub_number INTEGER NOT NULL DEFAULT 0 CHECK (sub_number >= 0),
    reg_index TEXT NOT NULL UNIQUE,
    registered_at TEXT NOT NULL,
    registered_on TEXT NOT NULL,
    document_id TEXT NOT NULL UNIQUE REFERENCES document(id),
    base_registration_id TEXT REFERENCES registration(id),
    registered_by TEXT NOT NULL REFERENCES app_user(id),
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'annulled')),
    annulled_at TEXT,
    annulled_by TEXT REFERENCES app_user(id),
    annul_reason TEXT,
    UNIQUE (register_id, year, number, sub_number)
);
CREATE INDEX registration_time ON registration (registered_at);
CREATE INDEX registration_register_time ON registration (register_id, registered_at);

-- Follow-up numbers (/1, /2 …) under a base registration, gap-free like the main counter.
CREATE TABLE follow_up_counter (
    base_registration_id TEXT PRIMARY KEY REFERENCES registration(id),
    last_sub_number INTEGER NOT NULL
);

CREATE TABLE case_file (
    id TEXT PRIMARY KEY,
    base_registration_id TEXT NOT NULL UNIQUE REFERENCES registration(id),
    title TEXT NOT NULL,
    classification_id TEXT REFERENCES classification(id),
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    opened_at TEXT NOT NULL,
    closed_at TEXT,
    created_by TEXT NOT NULL REFERENCES app_user(id)
);

CREATE TABLE case_document (
    case_id TEXT NOT NULL REFERENCES case_file(id),
    document_id TEXT NOT NULL REFERENCES document(id),
    added_at TEXT NOT NULL,
    added_by TEXT NOT NULL REFERENCES app_user(id),
    PRIMARY KEY (case_id, document_id)
);
-- A document belongs to at most one case file.
CREATE UNIQUE INDEX case_document_document ON case_document (document_id);

CREATE TABLE resolution (
    id TEXT PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES document(id),
    author_id TEXT NOT NULL REFERENCES app_user(id),
    executor_id TEXT NOT NULL REFERENCES app_user(id),
    instruction TEXT NOT NULL,
    deadline TEXT,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'cancelled')),
    created_at TEXT NOT NULL,
    completed_at TEXT,
    completion_note TEXT
);
CREATE INDEX resolution_document ON resolution (document_id);
CREATE INDEX resolution_open_deadline ON resolution (status, deadline);

CREATE TABLE resolution_coexecutor (
    resolution_id TEXT NOT NULL REFERENCES resolution(id),
    user_id TEXT NOT NULL REFERENCES app_user(id),
    PRIMARY KEY (resolution_id, user_id)
);

-- Content-addressed blobs: the bytes live in the blob store under their SHA-256.
CREATE TABLE blob (
    sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
    size BIGINT NOT NULL CHECK (size >= 0),
    created_at TEXT NOT NULL
);

CREATE TABLE document_file (
    id TEXT PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES document(id),
    name TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version > 0),
    sha256 TEXT NOT NULL REFERENCES blob(sha256),
    media_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    added_at TEXT NOT NULL,
    added_by TEXT NOT NULL REFERENCES app_user(id),
    UNIQUE (document_id, name, version)
);

-- Days that differ from the statutory calendar: moved holidays and working Saturdays.
CREATE TABLE calendar_day (
    day TEXT PRIMARY KEY,
    working INTEGER NOT NULL CHECK (working IN (0, 1)),
    note TEXT
);

-- The audit journal: append-only, each entry chained to the previous by SHA-256.
CREATE TABLE audit_journal (
    seq BIGINT PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    details TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_journal_entity ON audit_journal (entity, entity_id);

-- One row: the journal's end. Every write transaction updates it last, which also
-- serialises journal appends in commit order on PostgreSQL.
CREATE TABLE journal_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO journal_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE journal_seal (
    day TEXT PRIMARY KEY,
    first_seq BIGINT NOT NULL,
    last_seq BIGINT NOT NULL,
    entry_count BIGINT NOT NULL,
    last_hash TEXT NOT NULL,
    seal_hash TEXT NOT NULL,
    sealed_at TEXT NOT NULL
);
