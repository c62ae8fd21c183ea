-- Captcha challenges for the anonymous intake form. A row holds only the answer (digit values 0-9,
-- as dchest/captcha draws them) and when it stops being valid: nothing about the client. Verifying
-- deletes the row (DELETE … RETURNING), so each challenge is answered at most once even when several
-- app servers race; expired rows are removed by captcha.Purge. The table is UNLOGGED: a challenge
-- lost in a crash costs a reporter one reload, and skipping the WAL makes a wrong answer nearly free.
CREATE UNLOGGED TABLE captchas (
    id         text PRIMARY KEY,
    digits     bytea NOT NULL,
    expires_at timestamptz NOT NULL
);
CREATE INDEX captchas_expires_at ON captchas (expires_at);
