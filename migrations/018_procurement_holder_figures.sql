-- Buyer and supplier pages read their figures and red flags computed ahead, after each
-- recomputation of the flags (package portal/procurement/holders), instead of grouping up to a
-- hundred thousand processes per request (BenchmarkProcurementPages).
--
-- Stored figures are used only while they are current: computed for the latest succeeded run, from
-- a snapshot that sees every change to the processes. Each transaction that writes processes logs
-- itself in procurement_changes (package store does, when a row was written); a page finds no logged
-- transaction outside the refresh's snapshot, or computes the figures itself. The tender search's
-- in-memory index (store.Searcher) reads the log the same way. The log grows by one row per import
-- transaction; a check reads only the rows from its snapshot's xmin on, through the key.
CREATE TABLE procurement_changes (
    xid xid8 PRIMARY KEY
);

CREATE TABLE procurement_holder_refreshes (
    run_id      bigint PRIMARY KEY REFERENCES procurement_flag_runs (id) ON DELETE CASCADE,
    snapshot    pg_snapshot NOT NULL, -- taken before any figure was computed
    started_at  timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,          -- null while it runs: its figures are not read until then
    buyers      integer NOT NULL DEFAULT 0,
    suppliers   integer NOT NULL DEFAULT 0
);

CREATE TABLE procurement_holder_figures (
    kind    text NOT NULL CHECK (kind IN ('buyer', 'supplier')),
    id      text NOT NULL,
    run_id  bigint NOT NULL REFERENCES procurement_holder_refreshes (run_id) ON DELETE CASCADE,
    figures jsonb NOT NULL, -- the page's figures and flags, as package holders encodes them
    PRIMARY KEY (kind, id)
);
