-- A case's subject: the short title an intake officer or supervisor gives a case so that the list
-- says what each case is about. It sums up the report, so it is sealed to the case's mailbox key
-- like the report itself: no plaintext copy and no index of titles exist, and the list opens only
-- the rows of the page it shows, with the officer's own grant. One row per case, replaced when the
-- subject changes; who set it and when is in the audit log (case.subject). Shredding deletes it.
CREATE TABLE case_subjects (
    case_id bigint PRIMARY KEY REFERENCES cases (id) ON DELETE CASCADE,
    sealed  bytea NOT NULL
);
-- Ciphertext does not compress: don't let TOAST try.
ALTER TABLE case_subjects ALTER COLUMN sealed SET STORAGE EXTERNAL;
