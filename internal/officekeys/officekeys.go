// Package officekeys stores the office's public recovery recipient, which intake seals every case key
// to. The recovery identity itself is never stored: it lives offline with the office.
package officekeys

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"integrity-portal/internal/database"
)

// ErrNone means no recovery key has been set up yet (`portal keys init`).
var ErrNone = errors.New("officekeys: no recovery key yet; run `portal keys init`")

// ErrExists means a recovery key is already set; replacing it would strand the cases sealed to it.
var ErrExists = errors.New("officekeys: a recovery key already exists")

// RecoveryRecipient returns the stored recovery recipient (age1pq1…).
func RecoveryRecipient(ctx context.Context, db database.DB) (string, error) {
	var r string
	err := db.QueryRow(ctx, "SELECT recovery_recipient FROM office_keys WHERE id = 1").Scan(&r)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", ErrNone
	}
	if err != nil {
		return "", fmt.Errorf("officekeys: %w", err)
	}
	return r, nil
}

// SetRecoveryRecipient stores the recovery recipient once.
func SetRecoveryRecipient(ctx context.Context, db database.DB, recipient string) error {
	_, err := db.Exec(ctx, "INSERT INTO office_keys (id, recovery_recipient) VALUES (1, $1)", recipient)
	if database.IsUniqueViolation(err) {
		return ErrExists
	}
	if err != nil {
		return fmt.Errorf("officekeys: %w", err)
	}
	return nil
}
