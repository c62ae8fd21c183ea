package admin

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5"

	"integrity-portal/internal/cases"
)

// caseDecide approves or rejects a proposal (POST /admin/cases/:id/approvals/:approval). Only a
// supervisor who did not propose it may decide: the query says so, and so does a CHECK in the table.
func (a *Admin) caseDecide(c *gin.Context) {
	ctx := c.Request.Context()
	o := officer(c)
	caseID, ok := caseIDParam(c)
	approvalID, err := strconv.ParseInt(c.Param("approval"), 10, 64)
	if !ok || err != nil {
		a.Site.Error(c, http.StatusNotFound)
		return
	}
	approve := c.PostForm("decision") == "approve"
	err = pgx.BeginFunc(ctx, a.DB, func(tx pgx.Tx) error {
		if _, err := lockCase(ctx, tx, caseID, o.ID); err != nil {
			return err
		}
		var kind, previous string
		var proposer int64
		var payload []byte
		var sealedMessage []byte
		err := tx.QueryRow(ctx, `SELECT kind, proposed_by, payload, previous_status, sealed_message FROM approvals
			WHERE id = $1 AND case_id = $2 AND decided_at IS NULL FOR UPDATE`, approvalID, caseID).
			Scan(&kind, &proposer, &payload, &previous, &sealedMessage)
		if errors.Is(err, pgx.ErrNoRows) {
			return cases.ErrNotFound
		}
		if err != nil {
			return err
		}
		if proposer == o.ID {
			return errNotAllowed // four eyes: never one's own proposal
		}
		decision := "rejected"
		if approve {
			decision = "approved"
		}
		if _, err := tx.Exec(ctx, `UPDATE approvals SET decided_by = $2, decided_at = now(), decision = $3 WHERE id = $1`, approvalID, o.ID, decision); err != nil {
			return err
		}
		if !approve {
			if _, err := tx.Exec(ctx, `UPDATE cases SET status = $2 WHERE id = $1`, caseID, previous); err != nil {
				return err
			}
			return Audit(ctx, tx, &o.ID, "case.reject_"+kind, &caseID, map[string]any{"proposal": approvalID})
		}
		var p struct {
			Outcome  string       `json:"outcome"`
			Referral referralForm `json:"referral"`
		}
		json.Unmarshal(payload, &p)
		switch kind {
		case "closure":
			if _, err := tx.Exec(ctx, `UPDATE cases SET status = 'closed', outcome = $2, closed_at = now() WHERE id = $1`, caseID, p.Outcome); err != nil {
				return err
			}
		case "referral":
			if _, err := tx.Exec(ctx, `UPDATE cases SET status = 'referred' WHERE id = $1`, caseID); err != nil {
				return err
			}
			r := p.Referral
			if _, err := tx.Exec(ctx, `INSERT INTO referrals (case_id, kind, addressee, addressee_name, referred_on, reference_no, approval_id)
				VALUES ($1, $2, $3, $4, $5, $6, $7)`, caseID, r.Kind, r.Addressee, r.Name, r.On, r.Reference, approvalID); err != nil {
				return err
			}
		default:
			return errNotAllowed
		}
		if sealedMessage != nil {
			if _, err := cases.AddSealedEntry(ctx, tx, caseID, cases.EntryStatus, cases.AuthorOfficer, "mailbox", &proposer, sealedMessage); err != nil {
				return err
			}
		}
		return Audit(ctx, tx, &o.ID, "case.approve_"+kind, &caseID, map[string]any{"proposal": approvalID, "outcome": p.Outcome})
	})
	a.afterAction(c, caseID, err, "decide")
}
