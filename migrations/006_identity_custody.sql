-- Identity custody: revealing a reporter's identity to the officers of a case takes a request with a
-- reason, then the approval of an identity custodian and of a supervisor, three different people.
CREATE TABLE identity_requests (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id       bigint NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    requested_by  bigint NOT NULL REFERENCES officers (id),
    requested_at  timestamptz NOT NULL DEFAULT now(),
    reason_sealed bytea NOT NULL, -- sealed to the case's internal key
    custodian_by  bigint REFERENCES officers (id),
    custodian_at  timestamptz,
    supervisor_by bigint REFERENCES officers (id),
    supervisor_at timestamptz,
    rejected_by   bigint REFERENCES officers (id),
    rejected_at   timestamptz,
    revealed_at   timestamptz,
    CHECK (custodian_by IS NULL OR custodian_by <> requested_by),
    CHECK (supervisor_by IS NULL OR supervisor_by <> requested_by),
    CHECK (custodian_by IS NULL OR supervisor_by IS NULL OR custodian_by <> supervisor_by)
);
CREATE UNIQUE INDEX identity_requests_one_open ON identity_requests (case_id)
    WHERE revealed_at IS NULL AND rejected_at IS NULL;
