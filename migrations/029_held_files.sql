-- Evidence files held between two sends of the report form, when the first came back with a problem
-- (a field, the captcha), so that the reporter need not choose them again. A file is stripped of
-- its metadata and encrypted before it is stored here, under a key that is split between the form's
-- hidden field and a cookie of the reporter's browser: the row alone, the field alone or the cookie
-- alone opens nothing. The row is found by a hash of the field's id part, and expires within the hour.
CREATE TABLE held_files (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    token_hash  bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    sealed_meta bytea NOT NULL,
    size        bigint NOT NULL CHECK (size >= 0),
    expires_at  timestamptz NOT NULL
);
CREATE INDEX held_files_expires ON held_files (expires_at);

CREATE TABLE held_file_chunks (
    held_id bigint NOT NULL REFERENCES held_files (id) ON DELETE CASCADE,
    seq     integer NOT NULL,
    data    bytea NOT NULL,
    PRIMARY KEY (held_id, seq)
);
-- Ciphertext does not compress.
ALTER TABLE held_file_chunks ALTER COLUMN data SET STORAGE EXTERNAL;
