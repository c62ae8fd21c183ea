-- Citizens' applications (人民申請案件), the processing periods agencies publish for them
-- (Administrative Procedure Act §51), the government office calendar, and the monthly statistics
-- computed from them (portal/applications). There is no applicant data anywhere: the importer
-- refuses files that carry it.

-- The agencies that report applications, and their services (申請項目) with the codes the agency
-- uses. The periods import registers both; the applications import accepts only known agencies.
CREATE TABLE application_agencies (
    id      integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code    text NOT NULL UNIQUE CHECK (code <> ''),  -- 機關代碼
    name_zh text NOT NULL CHECK (name_zh <> ''),
    name_en text NOT NULL DEFAULT ''
);

CREATE TABLE application_services (
    id        integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agency_id integer NOT NULL REFERENCES application_agencies (id),
    code      text NOT NULL CHECK (code <> ''),
    name_zh   text NOT NULL CHECK (name_zh <> ''),
    name_en   text NOT NULL DEFAULT '',
    UNIQUE (agency_id, code)
);

-- A published processing period holds from its effective date (NULL: for every application
-- received before a later one) until the next one of its service. value and unit NULL: the agency
-- publishes none, so the two months of APA §51 II apply, as they do before the first period.
CREATE TABLE application_periods (
    service_id     integer NOT NULL REFERENCES application_services (id),
    effective_from date,
    value          integer CHECK (value >= 0),
    unit           text CHECK (unit IN ('calendar_days', 'working_days', 'months')),
    source         text NOT NULL DEFAULT '',  -- 依據: the table it was published in
    CHECK ((value IS NULL) = (unit IS NULL)),
    UNIQUE NULLS NOT DISTINCT (service_id, effective_from)
);

-- The government office calendar (政府行政機關辦公日曆表 of 行政院人事行政總處): every day its
-- files list. A day not listed is a working day from Monday to Friday and a day off at weekends;
-- a listed Saturday that is not a holiday is a make-up workday (補行上班).
CREATE TABLE office_calendar (
    day        date PRIMARY KEY,
    is_holiday boolean NOT NULL,
    name       text NOT NULL DEFAULT ''  -- 備註: 開國紀念日, 補行上班, …
);

-- One row per application. case_key is the agency's own application number (案件編號), or
-- 'sha256:…' of the row's content and its occurrence in the file when the file has none, so that
-- importing a file again replaces its rows instead of adding them. Only the importer writes here,
-- with agency and service ids it takes from the two tables above in the same transaction; foreign
-- keys would cost a lookup per row on imports of millions. The key is the only index: Recompute
-- reads the whole table in one sequential scan, and public pages read only application_stats.
CREATE TABLE application_records (
    agency_id      integer NOT NULL,
    case_key       text NOT NULL CHECK (case_key <> ''),
    service_id     integer NOT NULL,
    channel        text NOT NULL CHECK (channel IN ('counter', 'online', 'mail')),
    received       date NOT NULL,
    closed         date CHECK (closed >= received),  -- NULL while open
    suspended_days integer NOT NULL DEFAULT 0 CHECK (suspended_days >= 0),  -- 補正: clock stopped
    extended       boolean NOT NULL DEFAULT false,                            -- 展延 granted
    extension_days integer NOT NULL DEFAULT 0 CHECK (extension_days >= 0),
    outcome        text CHECK (outcome IN ('approved', 'rejected', 'withdrawn')),  -- NULL: open or not given
    CHECK (outcome IS NULL OR closed IS NOT NULL),
    CHECK (extended OR extension_days = 0),
    PRIMARY KEY (agency_id, case_key)
);

-- Monthly figures, written only by Recompute (all rows at once, in one transaction). One table for
-- three levels: a service of an agency; agency_id > 0 with service_id 0, all of an agency's
-- services; agency_id 0 and service_id 0, the whole city. Counts add up across levels; the day
-- figures do not, so each level has its own. "timed" applications are those closed other than by
-- withdrawal: the base of the day figures, the on-time share and the extension and 補正 shares.
CREATE TABLE application_stats (
    agency_id        integer NOT NULL,
    service_id       integer NOT NULL,
    month            date NOT NULL CHECK (extract(day FROM month) = 1),
    received         integer NOT NULL,
    received_counter integer NOT NULL,
    received_online  integer NOT NULL,
    received_mail    integer NOT NULL,
    closed           integer NOT NULL,
    approved         integer NOT NULL,
    rejected         integer NOT NULL,
    withdrawn        integer NOT NULL,
    timed            integer NOT NULL,
    median_days      double precision,  -- percentile_cont(0.5) of processing days; NULL when timed = 0
    p90_days         double precision,
    on_time          integer NOT NULL,  -- closed by the due date, extension and 補正 counted
    extended         integer NOT NULL,
    corrected        integer NOT NULL,  -- had days suspended for 補正
    open_end         integer NOT NULL,  -- still open at the end of the month (the as-of day for its month)
    overdue_end      integer NOT NULL,  -- of those, past their due date
    PRIMARY KEY (agency_id, service_id, month),
    CHECK (service_id = 0 OR agency_id > 0)
);

-- Every recomputation: when its snapshot was taken (imports committed before are counted), the day
-- its figures are as of, and what it found.
CREATE TABLE application_recomputations (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    as_of         date NOT NULL,
    snapshot_at   timestamptz NOT NULL,
    finished_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
    records       bigint NOT NULL,
    stats_rows    integer NOT NULL,
    duration_ms   bigint NOT NULL,
    -- Years with applications or due dates but no office calendar: there only weekends are days off.
    calendar_gaps integer[] NOT NULL DEFAULT '{}'
);
