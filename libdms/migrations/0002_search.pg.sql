-- SPDX-License-Identifier: GPL-3.0-or-later
-- Full-text search on PostgreSQL: a tsvector of the application-normalised terms
-- with the 'simple' configuration (no stemming), matching SQLite's FTS5 index.
CREATE TABLE search_entry (
    rowid BIGSERIAL PRIMARY KEY,
    document_id TEXT NOT NULL UNIQUE REFERENCES document(id),
    terms TSVECTOR NOT NULL
);
CREATE INDEX search_entry_terms ON search_entry USING GIN (terms);
