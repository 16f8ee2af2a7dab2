-- SPDX-License-Identifier: GPL-3.0-or-later
-- Routing an outgoing document for signature (docs/sync.md, "Routing for
-- signature"): a clerk routes a draft PDF to an official who signs it with
-- their card; the signed PDF is then registered in the outgoing register the
-- clerk chose and, when asked, sent by СЕОС. Portable SQL.

CREATE TABLE signing_route (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    note TEXT,
    register_id TEXT NOT NULL REFERENCES register(id),
    document_kind TEXT NOT NULL,
    correspondent_id TEXT REFERENCES correspondent(id),
    access_level TEXT NOT NULL CHECK (access_level IN ('public', 'internal', 'restricted')),
    recipient_guid TEXT,
    file_name TEXT NOT NULL,
    draft_sha256 TEXT NOT NULL,
    draft_size BIGINT NOT NULL CHECK (draft_size > 0),
    author_id TEXT NOT NULL REFERENCES app_user(id),
    signer_id TEXT NOT NULL REFERENCES app_user(id),
    status TEXT NOT NULL CHECK (status IN ('awaiting', 'signed', 'returned', 'withdrawn')),
    reason TEXT,
    signed_sha256 TEXT,
    registration_id TEXT REFERENCES registration(id),
    send_status TEXT,
    send_note TEXT,
    created_at TEXT NOT NULL,
    decided_at TEXT
);
CREATE INDEX signing_route_signer ON signing_route (signer_id, status);
CREATE INDEX signing_route_author ON signing_route (author_id, status);
CREATE INDEX signing_route_draft ON signing_route (draft_sha256);
CREATE INDEX signing_route_signed ON signing_route (signed_sha256);

-- On a desk: the routes the feed published (entity signing_route), for the
-- lists "For signature" and "My routed documents". Empty on a server.
CREATE TABLE desk_signing_route (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    note TEXT,
    register_id TEXT NOT NULL,
    document_kind TEXT NOT NULL,
    access_level TEXT NOT NULL,
    recipient_guid TEXT,
    file_name TEXT NOT NULL,
    draft_sha256 TEXT NOT NULL,
    author_id TEXT NOT NULL,
    signer_id TEXT NOT NULL,
    status TEXT NOT NULL,
    reason TEXT,
    signed_sha256 TEXT,
    registration_id TEXT,
    registration_index TEXT,
    send_status TEXT,
    send_note TEXT,
    created_at TEXT NOT NULL,
    decided_at TEXT
);
CREATE INDEX desk_signing_route_signer ON desk_signing_route (signer_id, status, created_at);
CREATE INDEX desk_signing_route_author ON desk_signing_route (author_id, created_at);

-- Whom a desk offers as the signer (published with the user, from the roles).
ALTER TABLE desk_user ADD COLUMN signs_outgoing INTEGER NOT NULL DEFAULT 0;
