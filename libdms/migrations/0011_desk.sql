-- SPDX-License-Identifier: GPL-3.0-or-later
-- The desk's read side (docs/sync.md, "The desktop client"): what a desk lists
-- and searches, materialised from the change feed into indexed tables of its
-- local database. Portable SQL; on a server's database these tables stay empty.

-- The server looks up whether an entity was already published (FeedBackfill).
CREATE INDEX sync_change_entity ON sync_change (entity, entity_id);

-- A registration as the desk knows it. A provisional entry (made on the desk,
-- not yet numbered by the server) has id = its command's op_id and pending = 1
-- until the server's answer replaces it with the real row.
CREATE TABLE desk_registration (
    id TEXT PRIMARY KEY,
    pending INTEGER NOT NULL DEFAULT 0 CHECK (pending IN (0, 1)),
    register_id TEXT NOT NULL,
    document_id TEXT,
    reg_index TEXT NOT NULL,
    registered_at TEXT NOT NULL,
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    correspondent_id TEXT,
    channel TEXT NOT NULL,
    page_count INTEGER NOT NULL DEFAULT 0,
    access_level TEXT NOT NULL,
    status TEXT NOT NULL,
    annul_reason TEXT,
    annulled_at TEXT,
    annulled_by TEXT,
    registered_by TEXT,
    case_id TEXT,
    provisional_number TEXT,
    received_at_local TEXT,
    search_text TEXT NOT NULL
);
CREATE INDEX desk_registration_newest ON desk_registration (registered_at, id);
CREATE INDEX desk_registration_register ON desk_registration (register_id, registered_at, id);

CREATE TABLE desk_correspondent (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    name_folded TEXT NOT NULL,
    eik TEXT,
    seos_guid TEXT
);
CREATE INDEX desk_correspondent_name ON desk_correspondent (name_folded);

CREATE TABLE desk_register (
    id TEXT PRIMARY KEY,
    registry_id TEXT NOT NULL,
    registry_code TEXT NOT NULL,
    code TEXT NOT NULL,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    active INTEGER NOT NULL CHECK (active IN (0, 1))
);

CREATE TABLE desk_user (
    id TEXT PRIMARY KEY,
    login TEXT NOT NULL,
    full_name TEXT NOT NULL,
    active INTEGER NOT NULL CHECK (active IN (0, 1))
);
