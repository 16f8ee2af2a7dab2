-- SPDX-License-Identifier: GPL-3.0-or-later
-- Faster searches on SQLite.
-- Prefix indexes for prefixes of one to three characters: without them FTS5 merges
-- the postings of every word with that beginning (hundreds of milliseconds on a
-- million documents); longer prefixes match few enough words to need none.
CREATE VIRTUAL TABLE search_fts_new USING fts5(terms, tokenize = 'unicode61 remove_diacritics 0', prefix = '1 2 3');
INSERT INTO search_fts_new (rowid, terms) SELECT rowid, terms FROM search_fts;
DROP TABLE search_fts;
ALTER TABLE search_fts_new RENAME TO search_fts;
-- Newest entries of one numbering year, and annulled entries, without walking all others.
CREATE INDEX registration_year_time ON registration (year, registered_at);
CREATE INDEX registration_annulled_time ON registration (registered_at) WHERE status = 'annulled';
