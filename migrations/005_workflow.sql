-- Internal notes join the thread (sealed to the internal key).
ALTER TABLE case_entries DROP CONSTRAINT case_entries_kind_check;
ALTER TABLE case_entries ADD CONSTRAINT case_entries_kind_check
    CHECK (kind IN ('report', 'suggestion', 'message', 'status', 'identity', 'note'));

-- The outcome of a closed case, and when its notices went out: plaintext, for deadlines and statistics.
ALTER TABLE cases
    ADD COLUMN outcome         text CHECK (outcome IN ('substantiated', 'unsubstantiated', 'cleared', 'not_accepted', 'transferred', 'merged')),
    ADD COLUMN acknowledged_at timestamptz,
    ADD COLUMN closed_at       timestamptz;

-- Four eyes: a closure, referral or identity disclosure is proposed by one officer and decided by a
-- supervisor who is someone else. The payload holds the proposal's metadata, never case content.
CREATE TABLE approvals (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id         bigint NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    kind            text NOT NULL CHECK (kind IN ('closure', 'referral', 'identity')),
    proposed_by     bigint NOT NULL REFERENCES officers (id),
    proposed_at     timestamptz NOT NULL DEFAULT now(),
    payload         jsonb NOT NULL DEFAULT '{}',
    previous_status text NOT NULL,
    sealed_message  bytea, -- the message to the reporter, sealed to the mailbox key, sent on approval
    decided_by      bigint REFERENCES officers (id),
    decided_at      timestamptz,
    decision        text CHECK (decision IN ('approved', 'rejected')),
    CHECK (decided_by IS NULL OR decided_by <> proposed_by)
);
CREATE UNIQUE INDEX approvals_one_open ON approvals (case_id, kind) WHERE decided_at IS NULL;

-- Referrals to prosecutors, the Agency Against Corruption, the Investigation Bureau, or the employing
-- agency for administrative accountability.
CREATE TABLE referrals (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id      bigint NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    kind         text NOT NULL CHECK (kind IN ('criminal', 'administrative')),
    addressee    text NOT NULL CHECK (addressee IN ('prosecutors', 'aac', 'mjib', 'agency')),
    addressee_name text NOT NULL DEFAULT '',
    referred_on  date NOT NULL,
    reference_no text NOT NULL DEFAULT '',
    result       text NOT NULL DEFAULT '',
    approval_id  bigint REFERENCES approvals (id)
);
CREATE INDEX referrals_case ON referrals (case_id);
