package admin

import (
	"context"
	"errors"
	"fmt"

	"filippo.io/age"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"integrity-portal/crypto"
)

// ErrAwaitsApproval means the account's case roles await a supervisor's approval.
var ErrAwaitsApproval = errors.New("admin: the account's case roles await a supervisor's approval (/admin/roles)")

// Regrant uses the office's recovery identity (offline, brought in for the purpose) to give an officer
// back the case keys their roles receive at intake (the mailbox key to intake officers and
// supervisors, the internal key to intake officers, supervisors and custodians) and both keys of the
// cases assigned to them. It returns how many grants it made. Every grant is audited as one event. An account whose
// case roles await a supervisor's approval gets nothing, nor does an officer for a case they are
// excluded from.
func Regrant(ctx context.Context, db *pgxpool.Pool, recovery age.Identity, username string) (int, error) {
	var (
		officerID int64
		recipient string
		roles     []string
		approved  bool
	)
	err := db.QueryRow(ctx, `SELECT id, age_recipient, roles, roles_approved_at IS NOT NULL FROM officers WHERE username = $1 AND disabled_at IS NULL`, username).
		Scan(&officerID, &recipient, &roles, &approved)
	if err == pgx.ErrNoRows {
		return 0, ErrNoOfficer
	}
	if err != nil {
		return 0, fmt.Errorf("admin: regrant: %w", err)
	}
	if !approved {
		return 0, ErrAwaitsApproval
	}
	to, err := crypto.ParseRecipient(recipient)
	if err != nil {
		return 0, err
	}
	has := func(rs ...string) bool {
		for _, r := range rs {
			if contains(roles, r) {
				return true
			}
		}
		return false
	}
	n := 0
	err = pgx.BeginFunc(ctx, db, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, `SELECT g.case_id, g.key_name, g.sealed, c.assignee_id = $1 AS assigned
			FROM case_grants g JOIN cases c ON c.id = g.case_id
			WHERE g.grantee = 'recovery' AND c.status <> 'shredded'
			  AND NOT EXISTS (SELECT 1 FROM case_exclusions x WHERE x.case_id = c.id AND x.officer_id = $1 AND x.lifted_at IS NULL)
			ORDER BY g.case_id, g.key_name`, officerID)
		type grant struct {
			CaseID   int64
			Key      string
			Sealed   []byte
			Assigned *bool
		}
		grants, err := pgx.CollectRows(rows, pgx.RowToStructByPos[grant])
		if err != nil {
			return err
		}
		for _, g := range grants {
			assigned := g.Assigned != nil && *g.Assigned
			wanted := assigned || g.Key == "mailbox" && has("intake", "supervisor") || g.Key == "internal" && has("intake", "supervisor", "custodian")
			if !wanted {
				continue
			}
			id, err := crypto.OpenGrant(g.Sealed, recovery)
			if err != nil {
				return fmt.Errorf("admin: regrant: case %d: the recovery identity does not open its grant", g.CaseID)
			}
			sealed, err := crypto.Grant(id, to)
			if err != nil {
				return err
			}
			tag, err := tx.Exec(ctx, `INSERT INTO case_grants (case_id, key_name, grantee, officer_id, sealed) VALUES ($1, $2, 'officer', $3, $4)
				ON CONFLICT (case_id, key_name, grantee, officer_id) DO NOTHING`, g.CaseID, g.Key, officerID, sealed)
			if err != nil {
				return err
			}
			n += int(tag.RowsAffected())
		}
		return Audit(ctx, tx, nil, "keys.regrant", nil, map[string]any{"officer": username, "grants": n})
	})
	return n, err
}
