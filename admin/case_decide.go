package admin

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5"

	"integrity-portal/internal/cases"
	"integrity-portal/internal/web"
)

// maxReason bounds a rejection's reason.
const maxReason = 2000

// caseDecide approves or rejects a proposal (POST /admin/cases/:id/approvals/:approval). Only a
// supervisor who did not propose it may decide: the query says so, and so does a CHECK in the table.
// A rejection says why, for the proposer: the reason is sealed to the case's mailbox key
// (migrations/023_approval_reasons.sql). A refused reason comes back on the approval page, as typed.
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
	if !approve && c.PostForm("decision") != "reject" {
		a.Site.BadInput(c)
		return
	}
	reason := strings.TrimSpace(c.PostForm("reason"))
	if !approve {
		problem := ""
		switch {
		case !web.ValidText(reason, true):
			problem, reason = "admin.approval.err_reason_chars", printable(reason)
		case reason == "":
			problem = "admin.approval.err_reason"
		case utf8.RuneCountInString(reason) > maxReason:
			problem = "admin.approval.err_reason_long"
		}
		if problem != "" {
			a.renderApproval(c, caseID, approvalID, http.StatusUnprocessableEntity, approvalPage{Problem: problem, Reason: reason})
			return
		}
	}
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
		var sealedReason []byte
		if !approve {
			text, _ := json.Marshal(cases.MessageContent{Text: reason})
			if sealedReason, err = cases.SealFor(ctx, tx, caseID, "mailbox", text); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, `UPDATE approvals SET decided_by = $2, decided_at = now(), decision = $3, reason_sealed = $4 WHERE id = $1`,
			approvalID, o.ID, decision, sealedReason); err != nil {
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

// printable is s without what the site cannot take (invalid UTF-8, control characters but line breaks
// and tabs), to show a refused text back to the officer.
func printable(s string) string {
	return strings.Map(func(r rune) rune {
		if r == utf8.RuneError || unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' {
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, ""))
}
