package captcha

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"integrity-portal/internal/database"
)

// AnswerForTest returns the digits of a challenge as a string ("042917"), reading the database: tests
// answer the captcha this way. It ignores expiry, so a test can show that even the right answer to an
// expired challenge fails; an unknown or used id gives ErrNotFound. It does not consume the challenge.
//
// It exists in the production binary but needs direct database access, which is no bypass: there is no
// switch to turn the captcha off.
func AnswerForTest(ctx context.Context, db database.DB, id string) (string, error) {
	var digits []byte
	err := db.QueryRow(ctx, `SELECT digits FROM captchas WHERE id = $1`, id).Scan(&digits)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", ErrNotFound
	}
	if err != nil {
		return "", fmt.Errorf("captcha: answer for test: %w", err)
	}
	if !validDigits(digits) {
		return "", errors.New("captcha: stored challenge is corrupt")
	}
	s := make([]byte, len(digits))
	for i, d := range digits {
		s[i] = '0' + d
	}
	return string(s), nil
}
