package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// logChange records that tx wrote processes (migration 018): buyer and supplier figures computed
// from a snapshot that does not see tx are then no longer current.
func logChange(ctx context.Context, tx pgx.Tx) error {
	if _, err := tx.Exec(ctx, `
INSERT INTO procurement_changes (xid) VALUES (pg_current_xact_id()) ON CONFLICT DO NOTHING`); err != nil {
		return fmt.Errorf("store: save: log change: %w", err)
	}
	return nil
}
