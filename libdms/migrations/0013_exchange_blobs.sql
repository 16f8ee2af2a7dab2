-- SPDX-License-Identifier: GPL-3.0-or-later
-- Large Article 18 (СЕОС) messages are kept in the blob store, not in the
-- database: the column names the blob (SHA-256, lower-case hex) holding the
-- exact signed message, and content is then empty.

ALTER TABLE exchange_inbox ADD COLUMN message_blob TEXT;
ALTER TABLE exchange_outbox ADD COLUMN message_blob TEXT;
