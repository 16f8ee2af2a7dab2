-- SPDX-License-Identifier: GPL-3.0-or-later
-- Registrations and the journal cannot be rewritten or deleted through SQL:
-- the number, index and time of an entry are fixed once written; only the
-- one-time annulment may be recorded. (The hash chain detects what bypasses this.)
CREATE FUNCTION dms_registration_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'registrations are never deleted; annul them';
    END IF;
    IF NEW.id IS DISTINCT FROM OLD.id OR NEW.register_id IS DISTINCT FROM OLD.register_id
       OR NEW.year IS DISTINCT FROM OLD.year OR NEW.number IS DISTINCT FROM OLD.number
       OR NEW.sub_number IS DISTINCT FROM OLD.sub_number OR NEW.reg_index IS DISTINCT FROM OLD.reg_index
       OR NEW.registered_at IS DISTINCT FROM OLD.registered_at OR NEW.registered_on IS DISTINCT FROM OLD.registered_on
       OR NEW.document_id IS DISTINCT FROM OLD.document_id
       OR NEW.base_registration_id IS DISTINCT FROM OLD.base_registration_id
       OR NEW.registered_by IS DISTINCT FROM OLD.registered_by THEN
        RAISE EXCEPTION 'registrations are immutable';
    END IF;
    IF OLD.status = 'annulled' THEN
        RAISE EXCEPTION 'an annulled registration stays annulled';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER registration_guard BEFORE UPDATE OR DELETE ON registration
FOR EACH ROW EXECUTE FUNCTION dms_registration_guard();

CREATE FUNCTION dms_journal_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit journal is append-only';
END;
$$;

CREATE TRIGGER audit_journal_guard BEFORE UPDATE OR DELETE ON audit_journal
FOR EACH ROW EXECUTE FUNCTION dms_journal_guard();
