-- The city's agencies, for the report and suggestion forms and for imports. Seeded from the reference
-- list (first-level departments and district offices); the office edits it in the admin side.
CREATE TABLE agencies (
    id         integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name_zh    text NOT NULL UNIQUE,
    name_en    text NOT NULL,
    kind       text NOT NULL CHECK (kind IN ('department', 'district', 'other')),
    sort_order integer NOT NULL DEFAULT 0,
    active     boolean NOT NULL DEFAULT true
);
INSERT INTO agencies (name_zh, name_en, kind, sort_order) VALUES
    ('秘書處', 'Secretariat', 'department', 1),
    ('民政局', 'Civil Affairs Bureau', 'department', 2),
    ('財政局', 'Finance Bureau', 'department', 3),
    ('教育局', 'Education Bureau', 'department', 4),
    ('經濟發展局', 'Economic Development Bureau', 'department', 5),
    ('建設局', 'Construction Bureau', 'department', 6),
    ('水利局', 'Water Resources Bureau', 'department', 7),
    ('農業局', 'Agriculture Bureau', 'department', 8),
    ('觀光旅遊局', 'Tourism and Travel Bureau', 'department', 9),
    ('都市發展局', 'Urban Development Bureau', 'department', 10),
    ('交通局', 'Transportation Bureau', 'department', 11),
    ('社會局', 'Social Affairs Bureau', 'department', 12),
    ('勞工局', 'Labor Affairs Bureau', 'department', 13),
    ('警察局', 'Police Department', 'department', 14),
    ('消防局', 'Fire Bureau', 'department', 15),
    ('衛生局', 'Public Health Bureau', 'department', 16),
    ('環境保護局', 'Environmental Protection Bureau', 'department', 17),
    ('文化局', 'Cultural Affairs Bureau', 'department', 18),
    ('地政局', 'Land Administration Bureau', 'department', 19),
    ('法制局', 'Legal Affairs Bureau', 'department', 20),
    ('新聞局', 'Information Bureau', 'department', 21),
    ('研究發展考核委員會', 'Research, Development and Evaluation Commission', 'department', 22),
    ('原住民族事務委員會', 'Indigenous Affairs Commission', 'department', 23),
    ('客家事務委員會', 'Hakka Affairs Commission', 'department', 24),
    ('運動局', 'Sports Bureau', 'department', 25),
    ('人事處', 'Department of Personnel', 'department', 26),
    ('主計處', 'Department of Budget, Accounting and Statistics', 'department', 27),
    ('政風處', 'Department of Civil Service Ethics', 'department', 28),
    ('中區區公所', 'Central District Office', 'district', 29),
    ('東區區公所', 'East District Office', 'district', 30),
    ('南區區公所', 'South District Office', 'district', 31),
    ('西區區公所', 'West District Office', 'district', 32),
    ('北區區公所', 'North District Office', 'district', 33),
    ('西屯區區公所', 'Xitun District Office', 'district', 34),
    ('南屯區區公所', 'Nantun District Office', 'district', 35),
    ('北屯區區公所', 'Beitun District Office', 'district', 36),
    ('豐原區區公所', 'Fengyuan District Office', 'district', 37),
    ('東勢區區公所', 'Dongshi District Office', 'district', 38),
    ('大甲區區公所', 'Dajia District Office', 'district', 39),
    ('清水區區公所', 'Qingshui District Office', 'district', 40),
    ('沙鹿區區公所', 'Shalu District Office', 'district', 41),
    ('梧棲區區公所', 'Wuqi District Office', 'district', 42),
    ('后里區區公所', 'Houli District Office', 'district', 43),
    ('神岡區區公所', 'Shengang District Office', 'district', 44),
    ('潭子區區公所', 'Tanzi District Office', 'district', 45),
    ('大雅區區公所', 'Daya District Office', 'district', 46),
    ('新社區區公所', 'Xinshe District Office', 'district', 47),
    ('石岡區區公所', 'Shigang District Office', 'district', 48),
    ('外埔區區公所', 'Waipu District Office', 'district', 49),
    ('大安區區公所', 'Da''an District Office', 'district', 50),
    ('烏日區區公所', 'Wuri District Office', 'district', 51),
    ('大肚區區公所', 'Dadu District Office', 'district', 52),
    ('龍井區區公所', 'Longjing District Office', 'district', 53),
    ('霧峰區區公所', 'Wufeng District Office', 'district', 54),
    ('太平區區公所', 'Taiping District Office', 'district', 55),
    ('大里區區公所', 'Dali District Office', 'district', 56),
    ('和平區區公所', 'Heping District Office', 'district', 57);

-- A case: a corruption report or a reform suggestion. Only metadata is plaintext; every word the
-- reporter wrote is sealed to the case's keys. Times a reporter could be correlated with are kept to
-- the hour.
CREATE TABLE cases (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind                text NOT NULL CHECK (kind IN ('report', 'suggestion')),
    category            text NOT NULL CHECK (length(category) BETWEEN 1 AND 40),
    agency_id           integer REFERENCES agencies (id),
    status              text NOT NULL DEFAULT 'received' CHECK (status IN (
                            'received', 'triage', 'awaiting_info', 'investigating', 'referred',
                            'closure_pending', 'closed', 'reopened', 'shredded')),
    whistleblower_act   boolean NOT NULL DEFAULT false,
    publication_consent boolean NOT NULL DEFAULT false,
    channel             text NOT NULL DEFAULT 'web' CHECK (channel IN ('web', 'onion', 'paper', 'phone', 'counter')),
    received_at         timestamptz NOT NULL DEFAULT date_trunc('hour', now()),
    updated_at          timestamptz NOT NULL DEFAULT date_trunc('hour', now()),
    mailbox_recipient   text NOT NULL CHECK (mailbox_recipient LIKE 'age1pq1%'),
    internal_recipient  text NOT NULL CHECK (internal_recipient LIKE 'age1pq1%'),
    receipt_lookup      bytea NOT NULL UNIQUE CHECK (length(receipt_lookup) = 32)
);
CREATE INDEX cases_status ON cases (status, received_at);

-- One sealed copy of a case identity per grantee. Revoking access is deleting the row.
CREATE TABLE case_grants (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id    bigint NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    key_name   text NOT NULL CHECK (key_name IN ('mailbox', 'internal')),
    grantee    text NOT NULL CHECK (grantee IN ('officer', 'recovery', 'receipt')),
    officer_id bigint REFERENCES officers (id),
    sealed     bytea NOT NULL,
    CHECK ((grantee = 'officer') = (officer_id IS NOT NULL)),
    UNIQUE NULLS NOT DISTINCT (case_id, key_name, grantee, officer_id)
);
CREATE INDEX case_grants_officer ON case_grants (officer_id, case_id);

-- The case's thread: the report itself, messages both ways, status notes for the reporter, and
-- identity disclosures (sealed to the internal key, which the reporter cannot open).
CREATE TABLE case_entries (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id    bigint NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    kind       text NOT NULL CHECK (kind IN ('report', 'suggestion', 'message', 'status', 'identity')),
    author     text NOT NULL CHECK (author IN ('reporter', 'officer', 'system')),
    officer_id bigint REFERENCES officers (id),
    key_name   text NOT NULL CHECK (key_name IN ('mailbox', 'internal')),
    sealed     bytea NOT NULL,
    created_at timestamptz NOT NULL DEFAULT date_trunc('hour', now())
);
CREATE INDEX case_entries_case ON case_entries (case_id, id);

-- Evidence files. The name, type, size and stripping report are sealed with the content; the
-- content is an age stream split into chunks, so it is written and read in constant memory.
CREATE TABLE attachments (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id     bigint NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    entry_id    bigint NOT NULL REFERENCES case_entries (id) ON DELETE CASCADE,
    sealed_meta bytea NOT NULL
);
CREATE INDEX attachments_case ON attachments (case_id, entry_id);

CREATE TABLE attachment_chunks (
    attachment_id bigint NOT NULL REFERENCES attachments (id) ON DELETE CASCADE,
    seq           integer NOT NULL,
    data          bytea NOT NULL,
    PRIMARY KEY (attachment_id, seq)
);
-- Ciphertext does not compress: don't let TOAST try.
ALTER TABLE attachment_chunks ALTER COLUMN data SET STORAGE EXTERNAL;

-- A reporter's mailbox session: the mailbox identity sealed under a key that lives only in the
-- reporter's cookie. The row is looked up by a hash of the cookie's id.
CREATE TABLE reporter_sessions (
    id_hash     bytea PRIMARY KEY CHECK (length(id_hash) = 32),
    case_id     bigint NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    sealed      bytea NOT NULL,
    idle_until  timestamptz NOT NULL,
    valid_until timestamptz NOT NULL
);
CREATE INDEX reporter_sessions_valid ON reporter_sessions (valid_until);
