-- Procurement transparency data, stored as OCDS 1.1 (see portal/procurement/store). Written only
-- through store.Save, which keeps the three tables consistent inside one transaction.

-- Every release ever received, so a process can be recompiled when a release is added or corrected.
-- seq orders releases with equal dates the way they arrived, which is what the merge needs to be
-- deterministic. A release without an id is keyed by a hash of its content ('sha256:…').
CREATE TABLE procurement_releases (
    seq         bigint GENERATED ALWAYS AS IDENTITY,
    ocid        text NOT NULL CHECK (ocid <> ''),
    release_id  text NOT NULL CHECK (release_id <> ''),
    date        timestamptz NOT NULL,
    release     jsonb NOT NULL CHECK (jsonb_typeof(release) = 'object'),
    source      text NOT NULL CHECK (length(source) BETWEEN 1 AND 200),
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (ocid, release_id)
);

-- One row per contracting process: the compiled release and the columns pages search and sort on,
-- all derived from the compiled release by store.Save (never written by hand).
CREATE TABLE procurement_processes (
    ocid                  text PRIMARY KEY,
    compiled              jsonb NOT NULL CHECK (jsonb_typeof(compiled) = 'object'),
    release_count         integer NOT NULL CHECK (release_count > 0),
    release_date          timestamptz NOT NULL,  -- the compiled release's date: its latest release
    -- The date a process is listed and filtered by: tender start, else first award, else release_date.
    process_date          timestamptz NOT NULL,
    buyer_id              text,                  -- 機關代碼
    buyer_name            text NOT NULL DEFAULT '',
    procuring_entity_id   text,
    procuring_entity_name text NOT NULL DEFAULT '',
    title                 text NOT NULL DEFAULT '',
    procurement_method    text,                  -- open, selective, limited, direct
    method_details        text,                  -- e.g. 公開招標, 限制性招標
    main_category         text,                  -- goods, works, services
    tender_value          numeric,
    tender_currency       text,
    tender_start          timestamptz,
    tender_end            timestamptz,
    number_of_tenderers   integer,
    tender_status         text,
    award_date            timestamptz,           -- the first award's date
    award_value           numeric,               -- sum of the awards in award_currency
    award_currency        text,
    supplier_ids          text[] NOT NULL DEFAULT '{}',  -- 統一編號, as awards[].suppliers[].id
    -- The value pages sort and filter by: awarded if known, else estimated.
    amount                numeric GENERATED ALWAYS AS (COALESCE(award_value, tender_value)) STORED,
    -- Chinese substring search (see store.Search): search_text is the normalised title and buyer
    -- name, one per line; search_terms holds its character bigrams, Latin/digit words and the last
    -- character of each CJK run. The index narrows, strpos(search_text, …) confirms.
    search_text           text NOT NULL DEFAULT '',
    search_terms          tsvector NOT NULL DEFAULT ''::tsvector,
    is_demo               boolean NOT NULL DEFAULT false,
    updated_at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX procurement_processes_date ON procurement_processes (process_date DESC, ocid DESC);
CREATE INDEX procurement_processes_amount_desc ON procurement_processes (amount DESC NULLS LAST, ocid DESC);
CREATE INDEX procurement_processes_amount_asc ON procurement_processes (amount ASC NULLS LAST, ocid ASC);
CREATE INDEX procurement_processes_buyer ON procurement_processes (buyer_id, process_date DESC);
CREATE INDEX procurement_processes_suppliers ON procurement_processes USING gin (supplier_ids);
CREATE INDEX procurement_processes_search ON procurement_processes USING gin (search_terms);

-- One row per award and supplier (an award without suppliers has one row with supplier_id NULL), for
-- supplier and buyer pages and concentration figures. value is the whole award's value; an award
-- shared by several suppliers says so in supplier_count, so figures can split or count it.
CREATE TABLE procurement_awards (
    ocid           text NOT NULL REFERENCES procurement_processes (ocid) ON DELETE CASCADE,
    award_id       text NOT NULL,
    buyer_id       text,
    status         text,
    date           timestamptz,
    value          numeric,
    currency       text,
    supplier_id    text,
    supplier_name  text NOT NULL DEFAULT '',
    supplier_count integer NOT NULL,
    UNIQUE NULLS NOT DISTINCT (ocid, award_id, supplier_id)
);
CREATE INDEX procurement_awards_supplier ON procurement_awards (supplier_id, date DESC);
CREATE INDEX procurement_awards_buyer ON procurement_awards (buyer_id, supplier_id);
