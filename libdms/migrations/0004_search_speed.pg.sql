-- SPDX-License-Identifier: GPL-3.0-or-later
-- Faster searches: newest entries of one numbering year, and annulled entries,
-- without walking all others (the SQLite version also adds FTS5 prefix indexes).
CREATE INDEX registration_year_time ON registration (year, registered_at);
CREATE INDEX registration_annulled_time ON registration (registered_at) WHERE status = 'annulled';
