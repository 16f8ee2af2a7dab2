-- SPDX-License-Identifier: GPL-3.0-or-later
-- Full-text search on SQLite: FTS5 over the application-normalised terms
-- (case-folded words), so both engines index exactly the same tokens.
CREATE TABLE search_entry (
    rowid INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL UNIQUE REFERENCES document(id)
);
CREATE VIRTUAL TABLE search_fts USING fts5(terms, tokenize = 'unicode61 remove_diacritics 0');
