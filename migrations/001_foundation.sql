-- The office's keys: only public recipients live here. The recovery identity is kept offline.
CREATE TABLE office_keys (
    id                 smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    recovery_recipient text NOT NULL CHECK (recovery_recipient LIKE 'age1pq1%'),
    created_at         timestamptz NOT NULL DEFAULT now()
);

-- Ethics officers and the system administrator. The age identity is sealed under the officer's
-- password with age's scrypt recipient; the server alone cannot open it.
CREATE TABLE officers (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username         text NOT NULL CHECK (username ~ '^[a-z0-9][a-z0-9._-]{1,62}$'),
    display_name     text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
    roles            text[] NOT NULL CHECK (
                         cardinality(roles) > 0 AND
                         roles <@ ARRAY['sysadmin','intake','investigator','supervisor','custodian','auditor']),
    age_recipient    text NOT NULL CHECK (age_recipient LIKE 'age1pq1%'),
    sealed_identity  bytea NOT NULL,
    must_change_password boolean NOT NULL DEFAULT true,
    is_demo          boolean NOT NULL DEFAULT false,
    disabled_at      timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX officers_username_key ON officers (username);

-- One row per demo data set loaded by `portal demo`, so every page can say demo data is present.
CREATE TABLE demo_loads (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    what      text NOT NULL,
    loaded_at timestamptz NOT NULL DEFAULT now()
);
