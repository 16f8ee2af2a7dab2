-- SPDX-License-Identifier: GPL-3.0-or-later
-- Case files and resolutions on a desk (docs/sync.md, "Case files and
-- resolutions"): materialised from the feed entities case_file and resolution,
-- as 0011 does for registrations. Portable SQL; on a server these stay empty.

-- The registrations of a case file, in the case tree.
CREATE INDEX desk_registration_case ON desk_registration (case_id, registered_at);

CREATE TABLE desk_case_file (
    id TEXT PRIMARY KEY,
    base_registration_id TEXT NOT NULL,
    base_index TEXT NOT NULL,
    title TEXT NOT NULL,
    status TEXT NOT NULL,
    opened_at TEXT NOT NULL,
    closed_at TEXT,
    created_by TEXT,
    document_count INTEGER NOT NULL DEFAULT 0,
    access_level TEXT NOT NULL
);
CREATE INDEX desk_case_file_opened ON desk_case_file (opened_at, id);

CREATE TABLE desk_resolution (
    id TEXT PRIMARY KEY,
    document_id TEXT NOT NULL,
    registration_id TEXT,
    document_index TEXT NOT NULL,
    author_id TEXT NOT NULL,
    executor_id TEXT NOT NULL,
    instruction TEXT NOT NULL,
    deadline TEXT,
    status TEXT NOT NULL,
    created_at TEXT NOT NULL,
    completed_at TEXT,
    completion_note TEXT,
    access_level TEXT NOT NULL
);
CREATE INDEX desk_resolution_document ON desk_resolution (document_id);
CREATE INDEX desk_resolution_open ON desk_resolution (status, deadline);

-- Who takes part in a resolution: the executor and each co-executor (My tasks).
CREATE TABLE desk_resolution_party (
    resolution_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    executor INTEGER NOT NULL CHECK (executor IN (0, 1)),
    PRIMARY KEY (resolution_id, user_id)
);
CREATE INDEX desk_resolution_party_user ON desk_resolution_party (user_id);
