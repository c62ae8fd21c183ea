package admin

import (
	"context"
	"errors"
	"fmt"
	"time"

	"filippo.io/age"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"integrity-portal/crypto"
	"integrity-portal/internal/officekeys"
)

// An account's case roles take effect only once a supervisor other than the account and other than
// whoever created, changed or reset it approves them (migrations/019_accounts.sql holds the rule).
// Until then intake does not seal to it and no grant to it can be stored.

var (
	// ErrNothingToApprove means the account does not exist, is disabled, or awaits no approval.
	ErrNothingToApprove = errors.New("admin: no case roles await approval for that account")
	// ErrNotYourApproval means the approver may not approve this account: it is their own, they made
	// the change, or they are not an approved supervisor themselves.
	ErrNotYourApproval = errors.New("admin: approval needs an approved supervisor other than the account and whoever changed it")
	// ErrWrongRecovery means an identity is not the office's recovery identity.
	ErrWrongRecovery = errors.New("admin: that is not the office's recovery identity")
)

// PendingAccount is an account whose case roles await approval.
type PendingAccount struct {
	ID          int64
	Username    string
	DisplayName string
	Roles       []string
	ChangedBy   *string // display name of whoever made the change; nil: the command line
	ChangedByID *int64
	CreatedAt   time.Time
}

// PendingAccounts lists the active accounts whose case roles await approval, oldest first.
func PendingAccounts(ctx context.Context, db *pgxpool.Pool) ([]PendingAccount, error) {
	rows, _ := db.Query(ctx, `
		SELECT o.id, o.username, o.display_name, o.roles, c.display_name, o.roles_changed_by, o.created_at
		FROM officers o LEFT JOIN officers c ON c.id = o.roles_changed_by
		WHERE o.disabled_at IS NULL AND is_case_officer(o.roles) AND o.roles_approved_at IS NULL
		ORDER BY o.created_at, o.id`)
	list, err := pgx.CollectRows(rows, pgx.RowToStructByPos[PendingAccount])
	if err != nil {
		return nil, fmt.Errorf("admin: pending accounts: %w", err)
	}
	return list, nil
}

// ApproveRoles records a supervisor's approval of an account's case roles, and audits it.
func ApproveRoles(ctx context.Context, db *pgxpool.Pool, officerID, approverID int64) error {
	return pgx.BeginFunc(ctx, db, func(tx pgx.Tx) error {
		var username string
		var roles []string
		err := tx.QueryRow(ctx, `
			UPDATE officers SET roles_approved_at = now(), roles_approved_by = $2
			WHERE id = $1 AND disabled_at IS NULL AND is_case_officer(roles) AND roles_approved_at IS NULL
			RETURNING username, roles`, officerID, approverID).Scan(&username, &roles)
		if errors.Is(err, pgx.ErrNoRows) {
			return ErrNothingToApprove
		}
		if sqlCode(err) == "IP003" || sqlCode(err) == "23514" { // the approver check, or the constraint
			return ErrNotYourApproval
		}
		if err != nil {
			return fmt.Errorf("admin: approve roles: %w", err)
		}
		return Audit(ctx, tx, &approverID, "roles.approve", nil, map[string]any{"username": username, "roles": roles})
	})
}

// ApproveRolesWithRecovery approves an account's case roles with the office's recovery identity,
// brought from offline storage: how the first supervisor is approved, when there is no other.
func ApproveRolesWithRecovery(ctx context.Context, db *pgxpool.Pool, recovery age.Identity, username string) error {
	recipient, err := officekeys.RecoveryRecipient(ctx, db)
	if err != nil {
		return err
	}
	r, err := crypto.ParseRecipient(recipient)
	if err != nil {
		return err
	}
	challenge := crypto.NewSymmetricKey()
	sealed, err := crypto.Seal(challenge[:], r)
	if err != nil {
		return err
	}
	if opened, err := crypto.Open(sealed, recovery); err != nil || string(opened) != string(challenge[:]) {
		return ErrWrongRecovery
	}
	return approveWithoutSupervisor(ctx, db, `username = $1`, username, "recovery")
}

// ApproveDemoOfficers approves the demo accounts' case roles, so that the demo works at once. Only
// accounts loaded as demo data are touched.
func ApproveDemoOfficers(ctx context.Context, db *pgxpool.Pool) error {
	return approveWithoutSupervisor(ctx, db, `is_demo`, nil, "demo")
}

func approveWithoutSupervisor(ctx context.Context, db *pgxpool.Pool, where string, arg any, how string) error {
	return pgx.BeginFunc(ctx, db, func(tx pgx.Tx) error {
		args := []any{}
		if arg != nil {
			args = append(args, arg)
		}
		rows, _ := tx.Query(ctx, `UPDATE officers SET roles_approved_at = now()
			WHERE `+where+` AND disabled_at IS NULL AND is_case_officer(roles) AND roles_approved_at IS NULL
			RETURNING username`, args...)
		names, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return fmt.Errorf("admin: approve roles: %w", err)
		}
		if len(names) == 0 && arg != nil {
			return ErrNothingToApprove
		}
		for _, n := range names {
			if err := Audit(ctx, tx, nil, "roles.approve", nil, map[string]any{"username": n, "by": how}); err != nil {
				return err
			}
		}
		return nil
	})
}
