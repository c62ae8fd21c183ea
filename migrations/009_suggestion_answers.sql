-- Answers to reform suggestions. Only what is meant for the public is stored in the clear: the
-- suggestion as the officer anonymised it and the answer, and only where the citizen consented to
-- publication. The answer also goes, sealed, to the citizen's mailbox.
CREATE TABLE suggestion_answers (
    case_id      bigint PRIMARY KEY REFERENCES cases (id) ON DELETE CASCADE,
    topic        text NOT NULL,
    agency_id    integer REFERENCES agencies (id),
    suggestion   text NOT NULL CHECK (length(suggestion) BETWEEN 1 AND 10000),
    answer       text NOT NULL CHECK (length(answer) BETWEEN 1 AND 10000),
    published_at timestamptz NOT NULL DEFAULT date_trunc('day', now())
);
CREATE INDEX suggestion_answers_published ON suggestion_answers (published_at DESC);
