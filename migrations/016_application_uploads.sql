-- Data officers (資料管理員) upload application files in the browser: the agencies' processing
-- periods, the office calendar, or the applications themselves. A background job imports each
-- with applications.File (portal/applications) while the upload page shows its progress, then
-- queues the recomputation of the statistics. Kept apart from procurement_uploads: the kinds, the
-- reports and the jobs differ, and neither importer has to skip the other's files.
CREATE TABLE application_uploads (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind        text NOT NULL CHECK (kind IN ('applications', 'periods', 'calendar')),
    filename    text NOT NULL CHECK (length(filename) BETWEEN 1 AND 200),
    encoding    text NOT NULL DEFAULT '' CHECK (encoding IN ('', 'utf-8', 'big5')),
    size        bigint NOT NULL CHECK (size >= 0),
    done_bytes  bigint NOT NULL DEFAULT 0,
    status      text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'rejected', 'failed')),
    report      jsonb,          -- applications.Report once finished
    error       text NOT NULL DEFAULT '',
    uploaded_by bigint NOT NULL REFERENCES officers (id),
    uploaded_at timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz
);
CREATE INDEX application_uploads_recent ON application_uploads (uploaded_at DESC);

-- The uploaded file until it is imported, in chunks so neither side holds it in memory; any server
-- may run the job. Deleted when the import ends.
CREATE TABLE application_upload_chunks (
    upload_id bigint NOT NULL REFERENCES application_uploads (id) ON DELETE CASCADE,
    seq       integer NOT NULL,
    data      bytea NOT NULL,
    PRIMARY KEY (upload_id, seq)
);
