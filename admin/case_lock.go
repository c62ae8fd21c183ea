package admin

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"integrity-portal/internal/cases"
)

// lockCase locks a case the officer may see (holds a mailbox grant for) for the rest of tx, and
// returns its status. Another officer's case is ErrNotFound: the grant is the authorization.
func lockCase(ctx context.Context, tx pgx.Tx, caseID, officerID int64) (string, error) {
	return lockCaseWith(ctx, tx, caseID, officerID, []string{"mailbox"})
}

// lockCaseWith is lockCase for an officer holding any of keys: an identity custodian holds only the
// internal key, which is enough to decide on revealing an identity.
func lockCaseWith(ctx context.Context, tx pgx.Tx, caseID, officerID int64, keys []string) (string, error) {
	var status string
	err := tx.QueryRow(ctx, `
		SELECT status FROM cases c
		WHERE c.id = $1 AND c.status <> 'shredded'
		  AND EXISTS (SELECT 1 FROM case_grants g WHERE g.case_id = c.id AND g.officer_id = $2 AND g.key_name = ANY($3))
		FOR UPDATE`, caseID, officerID, keys).Scan(&status)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", cases.ErrNotFound
	}
	if err != nil {
		return "", fmt.Errorf("admin: lock case: %w", err)
	}
	return status, nil
}
