-- A supervisor who rejects a proposal says why, and the officer who proposed it reads why. The reason
-- may speak of the case, so it is sealed to the case's mailbox key: the one key both the proposer and
-- the deciding supervisor always hold (neither can propose or decide without it). The audit log records
-- the rejection and who made it; the officers of the case read the reason beside it.
ALTER TABLE approvals ADD COLUMN reason_sealed bytea;
-- Rejections from before reasons were asked for have none; every new one must.
ALTER TABLE approvals ADD CONSTRAINT approvals_rejection_has_reason
    CHECK (decision IS DISTINCT FROM 'rejected' OR reason_sealed IS NOT NULL) NOT VALID;

-- The supervisors' queue on the dashboard: the pending proposals, oldest first.
CREATE INDEX approvals_pending ON approvals (proposed_at, id) WHERE decided_at IS NULL;

-- The dashboard's list of closed cases warned of shredding: without it, every dashboard load read all
-- the closed cases (some 60,000 of 100,000) to find the few warned.
CREATE INDEX cases_retention_warned ON cases (retention_warned_at, id) WHERE status = 'closed' AND retention_warned_at IS NOT NULL;
