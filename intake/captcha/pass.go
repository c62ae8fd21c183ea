package captcha

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"integrity-portal/internal/database"
)

// A pass stands for a captcha answered right on a form that then came back for another field: the
// form carries the pass instead of a new captcha, and its next send uses it instead of an answer.
//
// It is stored in PostgreSQL, as the challenges are, rather than kept in one server's memory or
// sealed with a server key: app servers keep no state of their own and several may serve one
// database (docs/architecture.md), so a pass made on one must be honoured once by any of them, and a
// sealed pass would need a used-set shared by all of them, which is this table again. It holds:
//   - it is 130 random bits (newID: crypto/rand.Text), stored only as its SHA-256;
//   - it serves once: RedeemPass deletes it whatever happens next, in a single DELETE … RETURNING,
//     and the form gets a new pass only if it comes back again;
//   - it expires PassTTL after it was made (by the database clock), and Purge deletes it then;
//   - at most maxPasses are kept: making one evicts the oldest beyond that, so someone who solves
//     captchas by the thousand cannot grow the table (they only push out older passes, whose
//     holders are asked for a captcha again);
//   - nothing about the client is stored or logged with it.
const (
	// PassTTL is how long a pass stays valid after it was made.
	PassTTL = 30 * time.Minute
	// maxPasses bounds the passes kept: far more than reporters fixing a form in any half hour.
	maxPasses = 1000
)

// NewPass makes a pass and returns it: 26 characters of base32, like a challenge's id. Call it only
// once the request has answered a captcha right or used a pass.
func NewPass(ctx context.Context, db database.DB) (string, error) {
	pass := newID()
	h := sha256.Sum256([]byte(pass))
	// The CTE runs even though nothing reads it: it keeps the newest maxPasses-1 rows, then the
	// INSERT adds this one.
	_, err := db.Exec(ctx, `WITH evicted AS (
			DELETE FROM captcha_passes WHERE hash IN (SELECT hash FROM captcha_passes ORDER BY expires_at DESC OFFSET $3))
		INSERT INTO captcha_passes (hash, expires_at) VALUES ($1, now() + make_interval(secs => $2))`,
		h[:], PassTTL.Seconds(), maxPasses-1)
	if err != nil {
		return "", fmt.Errorf("captcha: store pass: %w", err)
	}
	return pass, nil
}

// RedeemPass uses a pass up and reports whether it was valid: made by NewPass, not expired, not used
// before. Anything else (a forged or guessed value, junk of any length) gives false and a nil error
// without reaching the database; only a database failure returns an error.
func RedeemPass(ctx context.Context, db database.DB, pass string) (bool, error) {
	if !validID(pass) {
		return false, nil
	}
	h := sha256.Sum256([]byte(pass))
	var live bool
	err := db.QueryRow(ctx, `DELETE FROM captcha_passes WHERE hash = $1 RETURNING expires_at > now()`, h[:]).Scan(&live)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("captcha: redeem pass: %w", err)
	}
	return live, nil
}
