-- Procurement red flags (see portal/procurement/flags). Written only by flags.Recompute, which
-- replaces procurement_flags and procurement_concentration whole, in one transaction, and records
-- each run in procurement_flag_runs; pages only read them.

-- Each recomputation. A run is inserted as 'running' once it holds the recomputation lock and is
-- marked 'succeeded' in the same transaction that writes the flags, so the latest succeeded run
-- always describes the flags that readers see. A run that fails is marked 'failed' with its error;
-- a run that never ended (the process died) is marked 'failed' by the next one.
CREATE TABLE procurement_flag_runs (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    started_at     timestamptz NOT NULL DEFAULT now(),
    finished_at    timestamptz,
    status         text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'succeeded', 'failed')),
    processes_read bigint NOT NULL DEFAULT 0,       -- compiled releases given to the indicators
    skipped        bigint NOT NULL DEFAULT 0,       -- of those, not readable as releases
    flags_written  bigint NOT NULL DEFAULT 0,
    buyer_years    bigint NOT NULL DEFAULT 0,       -- rows of procurement_concentration
    settings       jsonb NOT NULL,                  -- indicators.Settings as used
    -- {"R003": {"ocid": 12, …}, …}: raised flags per code and subject type, so pages never count.
    counts         jsonb NOT NULL DEFAULT '{}',
    error          text NOT NULL DEFAULT '',
    CHECK ((status = 'running') = (finished_at IS NULL))
);
CREATE INDEX procurement_flag_runs_succeeded ON procurement_flag_runs (finished_at DESC)
    WHERE status = 'succeeded';

-- One row per raised flag, as cardinal's indicators output gives it: the group (subject_type), the
-- identifier in it (an ocid, /buyer/id, /tender/procuringEntity/id, or a tenderer's or supplier's
-- id) and the indicator's value.
CREATE TABLE procurement_flags (
    subject_type text NOT NULL CHECK (subject_type IN ('ocid', 'buyer', 'procuring_entity', 'tenderer')),
    subject_id   text NOT NULL,
    code         text NOT NULL CHECK (code ~ '^R[0-9]{3}$'),
    value        double precision NOT NULL,
    -- For subject_type 'ocid': the process's buyer (機關代碼) when the flags were computed, so a
    -- buyer's page reads its processes' flags from one index.
    buyer_id     text,
    PRIMARY KEY (subject_type, subject_id, code)  -- the flags of one ocid, buyer or tenderer
);
-- The processes (or buyers, tenderers) flagged by one indicator: the tender list's flag filter.
CREATE INDEX procurement_flags_code ON procurement_flags (code, subject_type, subject_id);
CREATE INDEX procurement_flags_buyer ON procurement_flags (buyer_id, code) WHERE subject_type = 'ocid';

-- Supplier concentration per buyer and year (R040: the top supplier's share of value and of count;
-- R051: the Herfindahl–Hirschman index of suppliers' value shares), always with its denominators.
-- Definitions in docs/red-flags.md: counted awards only, joint awards split equally among their
-- suppliers, values in the main currency only, the year of the award date in Taiwan time.
CREATE TABLE procurement_concentration (
    buyer_id          text NOT NULL,
    year              integer NOT NULL,
    buyer_name        text NOT NULL DEFAULT '',
    awards_n          integer NOT NULL CHECK (awards_n > 0),
    suppliers_n       integer NOT NULL CHECK (suppliers_n > 0),
    currency          text NOT NULL,
    total_value       numeric,                   -- in currency; NULL when no award has a value in it
    top_supplier_id   text NOT NULL,
    top_supplier_name text NOT NULL DEFAULT '',
    top_value_share   double precision CHECK (top_value_share BETWEEN 0 AND 1),  -- NULL with total_value
    top_count_share   double precision NOT NULL CHECK (top_count_share BETWEEN 0 AND 1),
    hhi               double precision CHECK (hhi BETWEEN 0 AND 10000),          -- NULL with total_value
    PRIMARY KEY (buyer_id, year)
);
