package admin

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"integrity-portal/crypto"
	"integrity-portal/internal/database"
)

// Recusals and exclusions are facts of the case (table case_exclusions): while one stands, the
// database refuses the officer any key of the case and its assignment (migrations/019_accounts.sql).

// exclude records that officerID may not work caseID, made by the officer themselves (a recusal) or by
// a supervisor (an exclusion). The database takes their grants and assignment away.
func exclude(ctx context.Context, tx pgx.Tx, caseID, officerID, by int64) error {
	var exists bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM officers WHERE id = $1)`, officerID).Scan(&exists); err != nil {
		return fmt.Errorf("admin: exclude: %w", err)
	}
	if !exists {
		return formProblem{"admin.act.err_assignee"}
	}
	_, err := tx.Exec(ctx, `
		INSERT INTO case_exclusions (case_id, officer_id, kind, made_by)
		VALUES ($1, $2::bigint, CASE WHEN $2::bigint = $3::bigint THEN 'recusal' ELSE 'exclusion' END, $3::bigint)
		ON CONFLICT (case_id, officer_id) WHERE lifted_at IS NULL DO NOTHING`, caseID, officerID, by)
	if err != nil {
		return fmt.Errorf("admin: exclude: %w", err)
	}
	return nil
}

// standingExclusion is a recusal or exclusion in force, as the case page lists it.
type standingExclusion struct {
	ID        int64
	Kind      string
	Officer   string
	MadeBy    string
	MadeAt    time.Time
	OfficerID int64
	CanLift   bool `db:"-"` // a supervisor other than the officer is looking
}

// standingExclusions lists the recusals and exclusions in force on a case.
func standingExclusions(ctx context.Context, db database.DB, caseID int64) ([]standingExclusion, error) {
	rows, _ := db.Query(ctx, `SELECT x.id, x.kind, o.display_name, m.display_name, x.made_at, x.officer_id
		FROM case_exclusions x JOIN officers o ON o.id = x.officer_id JOIN officers m ON m.id = x.made_by
		WHERE x.case_id = $1 AND x.lifted_at IS NULL ORDER BY x.id`, caseID)
	return pgx.CollectRows(rows, pgx.RowToStructByPos[standingExclusion])
}

// errNoExclusion means no standing exclusion has that id on that case.
var errNoExclusion = errors.New("admin: no such exclusion")

// liftExclusion lifts a standing recusal or exclusion, keeping the reason sealed to the case's internal
// key; the database checks that a supervisor other than the officer does it.
func liftExclusion(ctx context.Context, tx pgx.Tx, caseID, exclusionID, by int64, reason string) (officerID int64, err error) {
	var recipient string
	if err := tx.QueryRow(ctx, `SELECT internal_recipient FROM cases WHERE id = $1`, caseID).Scan(&recipient); err != nil {
		return 0, fmt.Errorf("admin: lift exclusion: %w", err)
	}
	r, err := crypto.ParseRecipient(recipient)
	if err != nil {
		return 0, err
	}
	sealed, err := crypto.Seal([]byte(reason), r)
	if err != nil {
		return 0, err
	}
	err = tx.QueryRow(ctx, `UPDATE case_exclusions SET lifted_by = $3, lifted_at = now(), lift_reason = $4
		WHERE id = $1 AND case_id = $2 AND lifted_at IS NULL AND officer_id <> $3 RETURNING officer_id`,
		exclusionID, caseID, by, sealed).Scan(&officerID)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, errNoExclusion
	}
	if code := sqlCode(err); code == "IP004" {
		return 0, errNotAllowed
	}
	if err != nil {
		return 0, fmt.Errorf("admin: lift exclusion: %w", err)
	}
	return officerID, nil
}
