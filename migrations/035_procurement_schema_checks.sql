-- Each compiled release is checked against the OCDS release schema when it is stored (store.Save):
-- where it first fails (schema_path, schema_error; NULL when it is valid), and the digest of the
-- compiled release that was checked. A year's OCDS package is served only when none of its
-- processes failed and all are checked.
ALTER TABLE procurement_processes
    ADD COLUMN schema_path text,
    ADD COLUMN schema_error text,
    ADD COLUMN schema_digest bytea;

-- The processes that hold a package back: few or none, so the page finds them without a scan.
CREATE INDEX procurement_processes_withheld ON procurement_processes (ocid)
    WHERE schema_error IS NOT NULL OR schema_digest IS NULL;

-- A compiled release changed without a new digest was not changed by the store (an UPDATE by hand):
-- it is unchecked until store.Recheck checks it, and its change shows in the downloads' stamps.
CREATE FUNCTION procurement_processes_unchecked() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.schema_digest := NULL;
    NEW.updated_at := now();
    RETURN NEW;
END;
$$;

CREATE TRIGGER procurement_processes_changed_by_hand BEFORE UPDATE ON procurement_processes
    FOR EACH ROW
    WHEN (OLD.schema_digest IS NOT DISTINCT FROM NEW.schema_digest AND OLD.compiled IS DISTINCT FROM NEW.compiled)
    EXECUTE FUNCTION procurement_processes_unchecked();
