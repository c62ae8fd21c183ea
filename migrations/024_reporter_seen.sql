-- New messages in the reporter's mailbox: the last entry of the thread the reporter has been shown,
-- and, in each mailbox session, where the case stood when the session began, so that what came since
-- the previous visit stays marked as new for the whole visit. Only an entry number is kept: never a
-- time of visit, an address or anything of the reporter's browser.
ALTER TABLE cases ADD COLUMN reporter_seen_entry bigint NOT NULL DEFAULT 0;
ALTER TABLE reporter_sessions ADD COLUMN seen_before bigint NOT NULL DEFAULT 0;
