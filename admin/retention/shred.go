package retention

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"integrity-portal/admin"

	"github.com/jackc/pgx/v5/pgxpool"
)

// errNotDue means the case changed since the plan was made (reopened, or already shredded).
var errNotDue = errors.New("retention: case no longer due")

// shredSQL deletes everything sealed about a case. Deleting the entries takes their attachments and
// chunks with them (ON DELETE CASCADE). Plaintext that could carry words about the case (a referral's
// reference number and result) is blanked; the rest is metadata the statistics count.
var shredSQL = []string{
	`DELETE FROM case_grants WHERE case_id = $1`,
	`DELETE FROM attachments WHERE case_id = $1`,
	`DELETE FROM case_entries WHERE case_id = $1`,
	`DELETE FROM case_subjects WHERE case_id = $1`,
	`DELETE FROM reporter_sessions WHERE case_id = $1`,
	`DELETE FROM identity_requests WHERE case_id = $1`,
	`UPDATE approvals SET sealed_message = NULL WHERE case_id = $1`,
	`UPDATE referrals SET reference_no = '', result = '' WHERE case_id = $1`,
}

// shred crypto-shreds one case in one transaction, if it is still closed.
func shred(ctx context.Context, db *pgxpool.Pool, it Item) error {
	return pgx.BeginFunc(ctx, db, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE cases SET status = 'shredded', shredded_at = now(), updated_at = date_trunc('hour', now())
			WHERE id = $1 AND status = 'closed'`, it.CaseID)
		if err != nil {
			return fmt.Errorf("retention: shred case %d: %w", it.CaseID, err)
		}
		if tag.RowsAffected() == 0 {
			return errNotDue
		}
		for _, q := range shredSQL {
			if _, err := tx.Exec(ctx, q, it.CaseID); err != nil {
				return fmt.Errorf("retention: shred case %d: %w", it.CaseID, err)
			}
		}
		return admin.Audit(ctx, tx, nil, "retention.shred", &it.CaseID, auditDetail(it))
	})
}

// warn records that officers were warned about a case, once.
func warn(ctx context.Context, db *pgxpool.Pool, it Item) error {
	return pgx.BeginFunc(ctx, db, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE cases SET retention_warned_at = now()
			WHERE id = $1 AND status = 'closed' AND retention_warned_at IS NULL`, it.CaseID)
		if err != nil {
			return fmt.Errorf("retention: warn case %d: %w", it.CaseID, err)
		}
		if tag.RowsAffected() == 0 {
			return errNotDue
		}
		return admin.Audit(ctx, tx, nil, "retention.warn", &it.CaseID, auditDetail(it))
	})
}

func auditDetail(it Item) map[string]any {
	return map[string]any{"closed": it.ClosedAt.Format(time.DateOnly), "due": it.Due.Format(time.DateOnly)}
}
