-- Officers' second factor and lockout. The TOTP secret is sealed to the officer's own key, so it is
-- readable only after the password has opened that key.
ALTER TABLE officers
    ADD COLUMN totp_sealed    bytea,
    ADD COLUMN totp_last_step bigint NOT NULL DEFAULT 0,
    ADD COLUMN failed_logins  integer NOT NULL DEFAULT 0,
    ADD COLUMN locked_until   timestamptz;

-- An officer's session: the officer's identity sealed under a key that lives only in the cookie,
-- found by a hash of the cookie's id. Stage 'totp' or 'enrol' is half a login: the password was right,
-- the second factor is still owed.
CREATE TABLE officer_sessions (
    id_hash     bytea PRIMARY KEY CHECK (length(id_hash) = 32),
    officer_id  bigint NOT NULL REFERENCES officers (id) ON DELETE CASCADE,
    stage       text NOT NULL CHECK (stage IN ('totp', 'enrol', 'active')),
    sealed      bytea NOT NULL,
    pending     bytea, -- during enrolment: the new TOTP secret, sealed under the cookie's key
    idle_until  timestamptz NOT NULL,
    valid_until timestamptz NOT NULL
);
CREATE INDEX officer_sessions_officer ON officer_sessions (officer_id);

-- Who works a case.
ALTER TABLE cases ADD COLUMN assignee_id bigint REFERENCES officers (id);
CREATE INDEX cases_assignee ON cases (assignee_id, status);

-- The audit log: append-only, each row chained to the one before by SHA-256 over its canonical
-- content (see admin/audit.go). Nothing may change or remove a row; `portal audit verify` checks.
CREATE TABLE audit_log (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at         timestamptz NOT NULL,
    officer_id bigint REFERENCES officers (id),
    action     text NOT NULL,
    case_id    bigint,
    detail     text NOT NULL DEFAULT '{}',
    prev_hash  bytea NOT NULL,
    hash       bytea NOT NULL UNIQUE
);
CREATE INDEX audit_log_case ON audit_log (case_id, id);

CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP;
END;
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();
