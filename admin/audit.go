package admin

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"integrity-portal/internal/auditlog"
)

// Audit appends an event inside tx. detail is marshalled to JSON; it must never hold case content.
func Audit(ctx context.Context, tx pgx.Tx, officerID *int64, action string, caseID *int64, detail any) error {
	d := "{}"
	if detail != nil {
		b, err := json.Marshal(detail)
		if err != nil {
			return fmt.Errorf("audit: %w", err)
		}
		d = string(b)
	}
	if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", auditlog.Lock); err != nil {
		return fmt.Errorf("audit: lock: %w", err)
	}
	prev := make([]byte, 32)
	err := tx.QueryRow(ctx, "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1").Scan(&prev)
	if err != nil && err != pgx.ErrNoRows {
		return fmt.Errorf("audit: last hash: %w", err)
	}
	at := time.Now().UTC().Truncate(time.Microsecond)
	hash := auditlog.Hash(prev, at, officerID, action, caseID, d)
	_, err = tx.Exec(ctx, `INSERT INTO audit_log (at, officer_id, action, case_id, detail, prev_hash, hash)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, at, officerID, action, caseID, d, prev, hash)
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	return nil
}

// AuditNow appends an event in its own transaction.
func AuditNow(ctx context.Context, db interface {
	Begin(context.Context) (pgx.Tx, error)
}, officerID *int64, action string, caseID *int64, detail any) error {
	tx, err := db.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	if err := Audit(ctx, tx, officerID, action, caseID, detail); err != nil {
		return err
	}
	return tx.Commit(ctx)
}
