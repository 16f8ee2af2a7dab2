-- SPDX-License-Identifier: GPL-3.0-or-later
-- Municipal registers (регистър на разрешителните, на търговските обекти …):
-- definitions made by administrators, entries kept by clerks, the history of
-- every change, and links to documents and case files. Published registers are
-- exported as open data without their non-public fields (docs/opendata.md).

CREATE TABLE municipal_register (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,             -- machine name in the open-data URLs: [a-z0-9-]
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    license TEXT NOT NULL,                 -- licence URI of the open data
    published INTEGER NOT NULL CHECK (published IN (0, 1)),
    last_number BIGINT NOT NULL DEFAULT 0, -- entry numbers are gap-free per register
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL REFERENCES app_user(id),
    modified_at TEXT NOT NULL              -- definition or any entry changed ("modified" in DCAT)
);

CREATE TABLE municipal_register_field (
    register_id TEXT NOT NULL REFERENCES municipal_register(id),
    position INTEGER NOT NULL CHECK (position >= 0),
    name TEXT NOT NULL,
    label TEXT NOT NULL,
    type TEXT NOT NULL CHECK (type IN ('text', 'integer', 'decimal', 'date', 'boolean', 'egn', 'eik', 'enum')),
    required INTEGER NOT NULL CHECK (required IN (0, 1)),
    is_public INTEGER NOT NULL CHECK (is_public IN (0, 1)),
    enum_values TEXT,                      -- JSON array of the allowed values of an enum field
    PRIMARY KEY (register_id, name),
    UNIQUE (register_id, position)
);

-- The values are one compact JSON object keyed by field name (typed JSON values).
CREATE TABLE municipal_register_entry (
    id TEXT PRIMARY KEY,
    register_id TEXT NOT NULL REFERENCES municipal_register(id),
    number BIGINT NOT NULL CHECK (number > 0),
    field_values TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version > 0),
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL REFERENCES app_user(id),
    modified_at TEXT NOT NULL,
    modified_by TEXT NOT NULL REFERENCES app_user(id),
    UNIQUE (register_id, number)
);

-- One row per field changed by one version of an entry (version 1: its creation).
-- Values as JSON text; NULL when the field had / has no value.
CREATE TABLE municipal_register_change (
    entry_id TEXT NOT NULL REFERENCES municipal_register_entry(id),
    version INTEGER NOT NULL,
    field_name TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT,
    changed_at TEXT NOT NULL,
    changed_by TEXT NOT NULL REFERENCES app_user(id),
    PRIMARY KEY (entry_id, version, field_name)
);

CREATE TABLE municipal_register_link (
    entry_id TEXT NOT NULL REFERENCES municipal_register_entry(id),
    target_kind TEXT NOT NULL CHECK (target_kind IN ('document', 'case')),
    target_id TEXT NOT NULL,
    linked_at TEXT NOT NULL,
    linked_by TEXT NOT NULL REFERENCES app_user(id),
    PRIMARY KEY (entry_id, target_kind, target_id)
);
