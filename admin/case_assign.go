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

// caseAssign assigns or reassigns a case (POST /admin/cases/:id/assign) and seals the case's keys
// for the new officer: the mailbox key (the report and the conversation) and the internal key (the
// notes), so that the work and what it needs arrive together. There is no separate identity key to
// pass on: the reporter's identity stays hidden from the assignee until custody approves its
// disclosure (admin/identity_custody.go), as it does from every holder of the internal key.
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
		// An excluded (or recused) or unapproved officer is refused by the database itself, on the
		// grant as on the assignment (IP001, IP002), with its message; the transaction takes both back.
		var recipient string
		err = tx.QueryRow(ctx, `SELECT age_recipient FROM officers WHERE id = $1 AND disabled_at IS NULL
			AND roles && ARRAY['intake','investigator','supervisor']`, assignee).Scan(&recipient)
		if errors.Is(err, pgx.ErrNoRows) {
			return formProblem{"admin.act.err_assignee"}
		}
		if err != nil {
			return err
		}
		granted, err := a.grantKeys(ctx, tx, c, caseID, assignee, recipient)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE cases SET assignee_id = $2 WHERE id = $1`, caseID, assignee); err != nil {
			return err
		}
		if err := Audit(ctx, tx, &o.ID, "case.assign", &caseID, map[string]any{"assignee": assignee}); err != nil {
			return err
		}
		if len(granted) == 0 {
			return nil // they held both keys already
		}
		return Audit(ctx, tx, &o.ID, "case.grant", &caseID, map[string]any{"officer": assignee, "keys": granted})
	})
	a.afterAction(c, caseID, err, "assign")
}

// assignedKeys are the case keys an assignee needs: without the internal one they could not read
// the case's notes.
var assignedKeys = []string{"mailbox", "internal"}

// grantKeys seals each case key an assignee needs for them, from the acting officer's own grant, and
// returns the keys newly granted. An officer who does not hold a key cannot pass it on: the
// assignment is refused whole, rather than leave an assignee who cannot do the work.
func (a *Admin) grantKeys(ctx context.Context, tx pgx.Tx, c *gin.Context, caseID, to int64, recipient string) ([]string, error) {
	r, err := crypto.ParseRecipient(recipient)
	if err != nil {
		return nil, err
	}
	var granted []string
	for _, key := range assignedKeys {
		id, err := a.openCaseKey(c, caseID, key)
		if errors.Is(err, cases.ErrNotFound) {
			return nil, formProblem{"admin.act.err_no_key_to_grant"}
		}
		if err != nil {
			return nil, err
		}
		sealed, err := crypto.Grant(id, r)
		if err != nil {
			return nil, err
		}
		tag, err := tx.Exec(ctx, `INSERT INTO case_grants (case_id, key_name, grantee, officer_id, sealed) VALUES ($1, $2, 'officer', $3, $4)
			ON CONFLICT (case_id, key_name, grantee, officer_id) DO NOTHING`, caseID, key, to, sealed)
		if err != nil {
			return nil, err
		}
		if tag.RowsAffected() > 0 {
			granted = append(granted, key)
		}
	}
	return granted, nil
}
