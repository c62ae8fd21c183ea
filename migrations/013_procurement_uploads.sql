-- Data officers (資料管理員) upload procurement files in the browser; a background job imports them
-- (portal/procurement/importer) while the upload page shows its progress.
ALTER TABLE officers DROP CONSTRAINT officers_roles_check;
ALTER TABLE officers ADD CONSTRAINT officers_roles_check CHECK (
    cardinality(roles) > 0 AND
    roles <@ ARRAY['sysadmin','intake','investigator','supervisor','custodian','auditor','data']);

CREATE TABLE procurement_uploads (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    filename    text NOT NULL CHECK (length(filename) BETWEEN 1 AND 200),
    encoding    text NOT NULL DEFAULT '' CHECK (encoding IN ('', 'utf-8', 'big5')),
    size        bigint NOT NULL CHECK (size >= 0),
    done_bytes  bigint NOT NULL DEFAULT 0,
    status      text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'rejected', 'failed')),
    report      jsonb,          -- importer.Report once finished
    error       text NOT NULL DEFAULT '',
    uploaded_by bigint NOT NULL REFERENCES officers (id),
    uploaded_at timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz
);
CREATE INDEX procurement_uploads_recent ON procurement_uploads (uploaded_at DESC);

-- The uploaded file until it is imported, in chunks so neither side holds it in memory; any server
-- may run the job. Deleted when the import ends.
CREATE TABLE procurement_upload_chunks (
    upload_id bigint NOT NULL REFERENCES procurement_uploads (id) ON DELETE CASCADE,
    seq       integer NOT NULL,
    data      bytea NOT NULL,
    PRIMARY KEY (upload_id, seq)
);
