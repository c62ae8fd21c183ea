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

// SeesEveryChange returns the SQL condition that the snapshot (an SQL expression of type
// pg_snapshot) sees every transaction logged by logChange: nothing written to processes since it was
// taken. The log is read from the snapshot's xmin on, through its key.
func SeesEveryChange(snapshot string) string {
	return `NOT EXISTS (SELECT 1 FROM procurement_changes c
    WHERE c.xid >= pg_snapshot_xmin(` + snapshot + `) AND NOT pg_visible_in_snapshot(c.xid, ` + snapshot + `))`
}
