-- Sign-in: wrong second-factor codes are counted per sign-in (this column) as well as per account
-- (officers.failed_logins, with wrong passwords).
ALTER TABLE officer_sessions ADD COLUMN totp_failures integer NOT NULL DEFAULT 0;

-- Case roles need a second person. An account that gains a case role (intake, investigator,
-- supervisor, custodian), by its creation, a change of its roles or a reset (a new key), receives no
-- case key until a supervisor approves it who is neither the account nor whoever made the change: the
-- system administrator alone cannot make an account that reads reports.
--   roles_changed_by: who created, changed or reset the account (NULL: the command line).
--   roles_approved_by: the approving supervisor (NULL with roles_approved_at: the office's recovery
--   identity on the command line, or demo data).
ALTER TABLE officers
    ADD COLUMN roles_changed_by  bigint REFERENCES officers (id),
    ADD COLUMN roles_approved_at timestamptz,
    ADD COLUMN roles_approved_by bigint REFERENCES officers (id),
    ADD CONSTRAINT officers_approver_is_another CHECK (roles_approved_by IS NULL OR
        (roles_approved_at IS NOT NULL AND roles_approved_by <> id AND roles_approved_by IS DISTINCT FROM roles_changed_by));

-- Accounts made before this rule hold their case keys already; they count as approved.
UPDATE officers SET roles_approved_at = now();

CREATE FUNCTION is_case_officer(roles text[]) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
    SELECT roles && ARRAY['intake', 'investigator', 'supervisor', 'custodian']
$$;

-- Creating an account, giving it a case role it did not have, or giving it a new key withdraws the
-- approval; an approval must come from an approved, active supervisor. In SQL, so that no code path
-- can skip it.
CREATE FUNCTION officers_case_roles_approval() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        NEW.roles_approved_at := NULL;
        NEW.roles_approved_by := NULL;
        RETURN NEW;
    END IF;
    IF NEW.age_recipient <> OLD.age_recipient OR EXISTS (
        SELECT 1 FROM unnest(NEW.roles) r
        WHERE is_case_officer(ARRAY[r]) AND r <> ALL (OLD.roles)) THEN
        NEW.roles_approved_at := NULL;
        NEW.roles_approved_by := NULL;
        RETURN NEW;
    END IF;
    IF NEW.roles_approved_by IS NOT NULL AND NEW.roles_approved_by IS DISTINCT FROM OLD.roles_approved_by
       AND NOT EXISTS (SELECT 1 FROM officers s WHERE s.id = NEW.roles_approved_by AND 'supervisor' = ANY (s.roles)
                       AND s.disabled_at IS NULL AND s.roles_approved_at IS NOT NULL) THEN
        RAISE EXCEPTION 'officer %: the approver is not an approved supervisor', NEW.id USING ERRCODE = 'IP003';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER officers_case_roles_approval BEFORE INSERT OR UPDATE ON officers
    FOR EACH ROW EXECUTE FUNCTION officers_case_roles_approval();

-- Recusals and exclusions are facts of the case. While one stands, the officer can hold no key of the
-- case and cannot be its assignee; only a supervisor other than that officer lifts it, with a reason.
CREATE TABLE case_exclusions (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id     bigint NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    officer_id  bigint NOT NULL REFERENCES officers (id),
    kind        text NOT NULL CHECK (kind IN ('recusal', 'exclusion')),
    made_by     bigint NOT NULL REFERENCES officers (id),
    made_at     timestamptz NOT NULL DEFAULT now(),
    lifted_by   bigint REFERENCES officers (id),
    lifted_at   timestamptz,
    lift_reason bytea, -- why it was lifted, sealed to the case's internal key: it may speak of the case
    CHECK ((lifted_at IS NULL) = (lifted_by IS NULL) AND (lifted_at IS NULL) = (lift_reason IS NULL)),
    CHECK (lifted_by <> officer_id),
    CHECK ((kind = 'recusal') = (made_by = officer_id))
);
CREATE UNIQUE INDEX case_exclusions_standing ON case_exclusions (case_id, officer_id) WHERE lifted_at IS NULL;

-- A new exclusion takes the officer's keys and assignment away. The case row is locked first, as the
-- grant check below locks it, so that a grant made at the same moment cannot slip past.
CREATE FUNCTION case_exclusions_take_effect() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM cases WHERE id = NEW.case_id FOR UPDATE;
    DELETE FROM case_grants WHERE case_id = NEW.case_id AND officer_id = NEW.officer_id;
    UPDATE cases SET assignee_id = NULL WHERE id = NEW.case_id AND assignee_id = NEW.officer_id;
    RETURN NULL;
END;
$$;
CREATE TRIGGER case_exclusions_take_effect AFTER INSERT ON case_exclusions
    FOR EACH ROW EXECUTE FUNCTION case_exclusions_take_effect();

-- An exclusion changes only by being lifted, once, by an approved supervisor.
CREATE FUNCTION case_exclusions_only_lifted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.lifted_at IS NOT NULL OR NEW.lifted_at IS NULL
       OR (NEW.id, NEW.case_id, NEW.officer_id, NEW.kind, NEW.made_by, NEW.made_at)
          IS DISTINCT FROM (OLD.id, OLD.case_id, OLD.officer_id, OLD.kind, OLD.made_by, OLD.made_at) THEN
        RAISE EXCEPTION 'case_exclusions: an exclusion is only lifted, once' USING ERRCODE = 'IP004';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM officers s WHERE s.id = NEW.lifted_by AND 'supervisor' = ANY (s.roles)
                   AND s.disabled_at IS NULL AND s.roles_approved_at IS NOT NULL) THEN
        RAISE EXCEPTION 'case_exclusions: only an approved supervisor lifts an exclusion' USING ERRCODE = 'IP004';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER case_exclusions_only_lifted BEFORE UPDATE ON case_exclusions
    FOR EACH ROW EXECUTE FUNCTION case_exclusions_only_lifted();

-- No officer receives a case key while excluded from the case, or before their case roles are approved.
CREATE FUNCTION case_grants_check_officer() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.grantee <> 'officer' THEN
        RETURN NEW;
    END IF;
    PERFORM 1 FROM cases WHERE id = NEW.case_id FOR UPDATE;
    IF EXISTS (SELECT 1 FROM case_exclusions WHERE case_id = NEW.case_id AND officer_id = NEW.officer_id AND lifted_at IS NULL) THEN
        RAISE EXCEPTION 'officer % is excluded from case %', NEW.officer_id, NEW.case_id USING ERRCODE = 'IP001';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM officers WHERE id = NEW.officer_id AND roles_approved_at IS NOT NULL) THEN
        RAISE EXCEPTION 'officer %: case roles not approved yet', NEW.officer_id USING ERRCODE = 'IP002';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER case_grants_check_officer BEFORE INSERT OR UPDATE ON case_grants
    FOR EACH ROW EXECUTE FUNCTION case_grants_check_officer();

-- Nor can they be made its assignee.
CREATE FUNCTION cases_check_assignee() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.assignee_id IS NULL OR NEW.assignee_id IS NOT DISTINCT FROM OLD.assignee_id THEN
        RETURN NEW;
    END IF;
    IF EXISTS (SELECT 1 FROM case_exclusions WHERE case_id = NEW.id AND officer_id = NEW.assignee_id AND lifted_at IS NULL) THEN
        RAISE EXCEPTION 'officer % is excluded from case %', NEW.assignee_id, NEW.id USING ERRCODE = 'IP001';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM officers WHERE id = NEW.assignee_id AND roles_approved_at IS NOT NULL) THEN
        RAISE EXCEPTION 'officer %: case roles not approved yet', NEW.assignee_id USING ERRCODE = 'IP002';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER cases_check_assignee BEFORE UPDATE OF assignee_id ON cases
    FOR EACH ROW EXECUTE FUNCTION cases_check_assignee();
