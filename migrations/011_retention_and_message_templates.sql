-- Retention (admin/retention): a closed case is crypto-shredded when its outcome's retention period
-- has run out, at least 30 days after officers were warned. Only metadata stays, for statistics.
ALTER TABLE cases
    ADD COLUMN retention_warned_at timestamptz,
    ADD COLUMN shredded_at         timestamptz;

-- The daily job looks only at closed cases, by closing date.
CREATE INDEX cases_closed ON cases (closed_at) WHERE status = 'closed';

-- The messages a reporter gets with each change they see, as supervisors edited them (admin's
-- /admin/templates). Without a row, the text from the message catalogue is used.
CREATE TABLE message_templates (
    action     text NOT NULL CHECK (action ~ '^[a-z_]{1,40}$'),
    lang       text NOT NULL CHECK (lang IN ('zh-TW', 'en')),
    body       text NOT NULL CHECK (length(body) BETWEEN 1 AND 2000),
    updated_by bigint NOT NULL REFERENCES officers (id),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (action, lang)
);
