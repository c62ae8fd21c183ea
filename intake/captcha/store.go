package captcha

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"integrity-portal/internal/database"
)

// Expiry is decided by the database clock (now()), never an app server's, so servers whose clocks
// drift still agree on what has expired.

// maxDigits bounds the digits a stored challenge may have; anything else is a corrupt row.
const maxDigits = 10

// newID returns a fresh random challenge id (crypto/rand.Text: 26 base32 characters, 130 bits).
func newID() string { return rand.Text() }

// validID reports whether id has the shape newID makes, so junk never reaches the database.
func validID(id string) bool {
	if len(id) != 26 {
		return false
	}
	for i := 0; i < len(id); i++ {
		if c := id[i]; !(c >= 'A' && c <= 'Z' || c >= '2' && c <= '7') {
			return false
		}
	}
	return true
}

func insert(ctx context.Context, db database.DB, id string, digits []byte) error {
	_, err := db.Exec(ctx,
		`INSERT INTO captchas (id, digits, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3))`,
		id, digits, TTL.Seconds())
	if err != nil {
		return fmt.Errorf("captcha: store challenge: %w", err)
	}
	return nil
}

// take deletes the challenge and returns its digits and whether it had not yet expired. A missing
// challenge gives live == false and no error. The single DELETE … RETURNING is what makes a challenge
// one-time: of several concurrent callers, only one gets the row.
func take(ctx context.Context, db database.DB, id string) (digits []byte, live bool, err error) {
	err = db.QueryRow(ctx,
		`DELETE FROM captchas WHERE id = $1 RETURNING digits, expires_at > now()`, id).Scan(&digits, &live)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("captcha: take challenge: %w", err)
	}
	if !validDigits(digits) {
		return nil, false, nil
	}
	return digits, live, nil
}

// load returns the digits of a live challenge without consuming it, or ErrNotFound.
func load(ctx context.Context, db database.DB, id string) ([]byte, error) {
	if !validID(id) {
		return nil, ErrNotFound
	}
	var digits []byte
	err := db.QueryRow(ctx,
		`SELECT digits FROM captchas WHERE id = $1 AND expires_at > now()`, id).Scan(&digits)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("captcha: load challenge: %w", err)
	}
	if !validDigits(digits) {
		return nil, errors.New("captcha: stored challenge is corrupt")
	}
	return digits, nil
}

// validDigits checks a stored answer before dchest/captcha draws it (it indexes a font by digit and
// would panic on a value above 9).
func validDigits(digits []byte) bool {
	if len(digits) == 0 || len(digits) > maxDigits {
		return false
	}
	for _, d := range digits {
		if d > 9 {
			return false
		}
	}
	return true
}

// Purge deletes expired challenges and passes and returns how many it deleted. Call it now and then
// (every few minutes from any one server is plenty; running it on several at once is harmless).
func Purge(ctx context.Context, db database.DB) (int64, error) {
	var n int64
	for _, table := range []string{"captchas", "captcha_passes"} {
		tag, err := db.Exec(ctx, `DELETE FROM `+table+` WHERE expires_at <= now()`)
		if err != nil {
			return n, fmt.Errorf("captcha: purge: %w", err)
		}
		n += tag.RowsAffected()
	}
	return n, nil
}
