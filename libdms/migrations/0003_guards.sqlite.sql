-- SPDX-License-Identifier: GPL-3.0-or-later
-- Registrations and the journal cannot be rewritten or deleted through SQL:
-- the number, index and time of an entry are fixed once written; only the
-- one-time annulment may be recorded. (The hash chain detects what bypasses this.)
CREATE TRIGGER registration_immutable
BEFORE UPDATE OF id, register_id, year, number, sub_number, reg_index, registered_at, registered_on,
                 document_id, base_registration_id, registered_by ON registration
BEGIN
    SELECT RAISE(ABORT, 'registrations are immutable');
END;

CREATE TRIGGER registration_annul_once
BEFORE UPDATE OF status ON registration
WHEN OLD.status = 'annulled'
BEGIN
    SELECT RAISE(ABORT, 'an annulled registration stays annulled');
END;

CREATE TRIGGER registration_no_delete
BEFORE DELETE ON registration
BEGIN
    SELECT RAISE(ABORT, 'registrations are never deleted; annul them');
END;

CREATE TRIGGER audit_journal_no_update
BEFORE UPDATE ON audit_journal
BEGIN
    SELECT RAISE(ABORT, 'the audit journal is append-only');
END;

CREATE TRIGGER audit_journal_no_delete
BEFORE DELETE ON audit_journal
BEGIN
    SELECT RAISE(ABORT, 'the audit journal is append-only');
END;
