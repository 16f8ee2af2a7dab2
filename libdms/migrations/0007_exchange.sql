-- SPDX-License-Identifier: GPL-3.0-or-later
-- The Article 18 (СЕОС) exchange: participant registry copy, message log,
-- outbox, inbox and the status history of exchanged documents.
-- GUIDs are stored normalised: lower case, in braces (peers differ in case).

CREATE TABLE exchange_participant (
    guid TEXT PRIMARY KEY,
    identifier TEXT NOT NULL,
    name TEXT NOT NULL,
    certificate_sn TEXT NOT NULL,          -- hex, lower case, no leading zeros
    endpoint_uri TEXT NOT NULL,
    active INTEGER NOT NULL CHECK (active IN (0, 1)),
    last_change TEXT,
    refreshed_at TEXT NOT NULL
);
CREATE INDEX exchange_participant_identifier ON exchange_participant (identifier);

CREATE TABLE exchange_registry_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    last_change TEXT,
    refreshed_at TEXT NOT NULL
);

-- Every message received or sent: MessageGUID is unique across both directions.
CREATE TABLE exchange_message (
    message_guid TEXT PRIMARY KEY,
    direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    peer_guid TEXT NOT NULL,
    message_type TEXT NOT NULL,
    document_guid TEXT,
    content_sha256 TEXT NOT NULL,
    reply TEXT,                            -- the synchronous reply we gave, for duplicates
    created_at TEXT NOT NULL
);

CREATE TABLE exchange_outbox (
    id TEXT PRIMARY KEY,
    message_guid TEXT NOT NULL UNIQUE REFERENCES exchange_message(message_guid),
    recipient_guid TEXT NOT NULL,
    message_type TEXT NOT NULL,
    document_guid TEXT,
    content TEXT NOT NULL,                 -- the exact signed bytes, resent unchanged
    state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT,
    last_error TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX exchange_outbox_due ON exchange_outbox (state, next_attempt_at);

-- Documents received for registration: one row per sender and DocumentGUID, so a
-- retried or duplicated request can never be registered twice.
CREATE TABLE exchange_inbox (
    id TEXT PRIMARY KEY,
    sender_guid TEXT NOT NULL,
    document_guid TEXT NOT NULL,
    message_guid TEXT NOT NULL,
    content TEXT NOT NULL,
    status TEXT NOT NULL,
    claimed INTEGER NOT NULL DEFAULT 0 CHECK (claimed IN (0, 1)),
    registration_id TEXT REFERENCES registration(id),
    receiver_number TEXT,
    receiver_date TEXT,
    rejection_reason TEXT,
    received_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (sender_guid, document_guid)
);

-- Documents we sent: the status the receiver reported, with its number.
CREATE TABLE exchange_sent_document (
    document_guid TEXT NOT NULL,
    recipient_guid TEXT NOT NULL,
    document_id TEXT,
    status TEXT NOT NULL,
    receiver_number TEXT,
    receiver_date TEXT,
    rejection_reason TEXT,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (document_guid, recipient_guid)
);

-- The spec forbids no transition, so every reported status is kept in order.
CREATE TABLE exchange_status_history (
    id TEXT PRIMARY KEY,
    document_guid TEXT NOT NULL,
    peer_guid TEXT NOT NULL,
    direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    status TEXT NOT NULL,
    detail TEXT,
    at TEXT NOT NULL
);
CREATE INDEX exchange_status_history_document ON exchange_status_history (document_guid, at);
