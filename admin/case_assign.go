package admin

import (
	"context"
	"errors"
	"strconv"

	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5"

	"integrity-portal/crypto"
	"integrity-portal/internal/cases"
)

// caseAssign assigns or reassigns a case (POST /admin/cases/:id/assign) and seals the case keys the
// assigner holds for the new officer, so that the grant and the assignment arrive together.
func (a *Admin) caseAssign(c *gin.Context) {
	ctx := c.Request.Context()
	o := officer(c)
	caseID, ok := caseIDParam(c)
	assignee, err := strconv.ParseInt(c.PostForm("assignee"), 10, 64)
	if !ok || err != nil {
		a.afterAction(c, caseID, formProblem{"admin.act.err_assignee"}, "")
		return
	}
	err = pgx.BeginFunc(ctx, a.DB, func(tx pgx.Tx) error {
		status, err := lockCase(ctx, tx, caseID, o.ID)
		if err != nil {
			return err
		}
		if status == "closed" {
			return errNotAllowed
		}
		// An excluded or unapproved officer is refused by the database itself (IP001, IP002), with its message.
		var recipient string
		err = tx.QueryRow(ctx, `SELECT age_recipient FROM officers WHERE id = $1 AND disabled_at IS NULL
			AND roles && ARRAY['intake','investigator','supervisor']`, assignee).Scan(&recipient)
		if errors.Is(err, pgx.ErrNoRows) {
			return formProblem{"admin.act.err_assignee"}
		}
		if err != nil {
			return err
		}
		if err := a.grantKeys(ctx, tx, c, caseID, assignee, recipient); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE cases SET assignee_id = $2 WHERE id = $1`, caseID, assignee); err != nil {
			return err
		}
		return Audit(ctx, tx, &o.ID, "case.assign", &caseID, map[string]any{"assignee": assignee})
	})
	a.afterAction(c, caseID, err, "assign")
}

// grantKeys seals each case key the acting officer holds for another officer.
func (a *Admin) grantKeys(ctx context.Context, tx pgx.Tx, c *gin.Context, caseID, to int64, recipient string) error {
	r, err := crypto.ParseRecipient(recipient)
	if err != nil {
		return err
	}
	for _, key := range []string{"mailbox", "internal"} {
		id, err := a.openCaseKey(c, caseID, key)
		if errors.Is(err, cases.ErrNotFound) {
			continue // a key the assigner does not hold cannot be passed on
		}
		if err != nil {
			return err
		}
		sealed, err := crypto.Grant(id, r)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO case_grants (case_id, key_name, grantee, officer_id, sealed) VALUES ($1, $2, 'officer', $3, $4)
			ON CONFLICT (case_id, key_name, grantee, officer_id) DO NOTHING`, caseID, key, to, sealed); err != nil {
			return err
		}
	}
	return nil
}
