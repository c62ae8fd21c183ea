-- Least privilege. The owner (who runs these migrations) owns every table; the serving role, a login
-- member of the group portal_serving (internal/database/roles.go), reads and writes the data but
-- cannot change history: on the audit tables it may only SELECT and INSERT. It is never a superuser,
-- so it cannot SET session_replication_role to switch the append-only triggers off either.
GRANT USAGE ON SCHEMA public TO portal_serving;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO portal_serving;
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO portal_serving;
-- Tables made later by the owner (later migrations, the job queue's) get the same grants. A table
-- that must be append-only revokes UPDATE and DELETE in its own migration, as below.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO portal_serving;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO portal_serving;
-- Only migrations record migrations.
REVOKE INSERT, UPDATE, DELETE ON schema_migrations FROM portal_serving;

-- Checkpoints of the audit log: its row count and head hash at a moment, published without any
-- content at /opendata/audit-checkpoints.json so that copies kept outside the office detect a log cut
-- short or rewritten (`portal audit verify -checkpoints`). Append-only like the log itself.
CREATE TABLE audit_checkpoints (
    id   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at   timestamptz NOT NULL,
    rows bigint NOT NULL CHECK (rows > 0),
    head bytea NOT NULL CHECK (length(head) = 32)
);

CREATE OR REPLACE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
END;
$$;
CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE OR DELETE ON audit_checkpoints
    FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();

REVOKE UPDATE, DELETE, TRUNCATE ON audit_log, audit_checkpoints FROM portal_serving;
