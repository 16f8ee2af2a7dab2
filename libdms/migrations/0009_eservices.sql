-- SPDX-License-Identifier: GPL-3.0-or-later
-- Electronic administrative services (issue 8): the catalogue of services keyed
-- by their number in the administrative register (ИИСДА), the applications
-- received from the e-service portal and the status history of each. Portable
-- SQL: runs unchanged on SQLite and PostgreSQL.

CREATE TABLE eservice (
    id TEXT PRIMARY KEY,
    iisda_number TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    -- the statutory deadline, counted in working days from the day of receipt
    deadline_working_days INTEGER NOT NULL CHECK (deadline_working_days > 0),
    -- the fee in euro cents (stotinki before the euro); 0 when free
    fee_cents BIGINT NOT NULL DEFAULT 0 CHECK (fee_cents >= 0),
    -- JSON array of {"code": …, "title": …}: the attachments an application must carry
    required_attachments TEXT NOT NULL,
    responsible_unit TEXT NOT NULL,
    register_id TEXT NOT NULL REFERENCES register(id),
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at TEXT NOT NULL
);

CREATE TABLE eservice_application (
    id TEXT PRIMARY KEY,
    service_id TEXT NOT NULL REFERENCES eservice(id),
    -- the portal's own reference: a repeated submission answers the same
    client_reference TEXT NOT NULL UNIQUE,
    request_sha256 TEXT NOT NULL,
    registration_id TEXT NOT NULL UNIQUE REFERENCES registration(id),
    -- the citizen's access code: only salt and SHA-256 are kept
    access_salt TEXT NOT NULL,
    access_hash TEXT NOT NULL,
    -- the code masked with a key derived from the request body, so that only
    -- the same submission can be answered with it again
    replay_code TEXT NOT NULL,
    status TEXT NOT NULL
        CHECK (status IN ('received', 'in_progress', 'waiting_applicant', 'done', 'refused')),
    -- the deadline while it runs; NULL while it is stopped
    deadline TEXT,
    -- working days left when the deadline was stopped; NULL while it runs
    remaining_working_days INTEGER,
    received_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE eservice_status_event (
    id TEXT PRIMARY KEY,
    application_id TEXT NOT NULL REFERENCES eservice_application(id),
    status TEXT NOT NULL,
    at TEXT NOT NULL,
    actor TEXT NOT NULL REFERENCES app_user(id),
    deadline TEXT
);
CREATE INDEX eservice_status_event_application ON eservice_status_event (application_id, at);
