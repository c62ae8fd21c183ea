-- Captcha passes: when a form comes back for another field after its captcha was answered right, it
-- carries a pass instead of a new captcha, so that fixing the field costs no second captcha. A row
-- holds only a SHA-256 of the pass and when it stops being valid: nothing about the client, and not
-- the pass itself. Using a pass deletes its row (DELETE … RETURNING), so it serves once even when
-- several app servers race; expired rows are removed by captcha.Purge. UNLOGGED as captchas is: a
-- pass lost in a crash costs the reporter one captcha.
CREATE UNLOGGED TABLE captcha_passes (
    hash       bytea PRIMARY KEY CHECK (length(hash) = 32),
    expires_at timestamptz NOT NULL
);
CREATE INDEX captcha_passes_expires_at ON captcha_passes (expires_at);
