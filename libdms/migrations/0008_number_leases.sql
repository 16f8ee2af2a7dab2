-- SPDX-License-Identifier: GPL-3.0-or-later
-- Leased number blocks (docs/sync.md): an administrator reserves a block of a
-- register's numbers for one desk, so that it can register with real numbers
-- during an outage. Granting advances register_counter by the block size in the
-- same transaction, so the numbers are never issued to anyone else; returning
-- the lease annuls the numbers the desk did not use, so the register has no gaps.
CREATE TABLE number_lease (
    id TEXT PRIMARY KEY,
    register_id TEXT NOT NULL REFERENCES register(id),
    year INTEGER NOT NULL,
    desk_id TEXT NOT NULL REFERENCES sync_desk(id),
    first_number BIGINT NOT NULL CHECK (first_number > 0),
    last_number BIGINT NOT NULL,
    granted_at TEXT NOT NULL,
    granted_by TEXT NOT NULL REFERENCES app_user(id),
    state TEXT NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'returned')),
    returned_at TEXT,
    returned_by TEXT REFERENCES app_user(id),
    CHECK (last_number >= first_number),
    UNIQUE (register_id, year, first_number)
);
CREATE INDEX number_lease_desk ON number_lease (desk_id, state);

-- Desk side: the leases of this desk as received from the change feed, and the
-- next number of each to use while the server cannot be reached.
CREATE TABLE sync_desk_lease (
    lease_id TEXT PRIMARY KEY,
    register_id TEXT NOT NULL,
    year INTEGER NOT NULL,
    first_number BIGINT NOT NULL,
    last_number BIGINT NOT NULL,
    next_number BIGINT NOT NULL,
    active INTEGER NOT NULL CHECK (active IN (0, 1))
);
