package admin

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5"

	"integrity-portal/internal/cases"
)

// identityRequest asks for the reporter's identity to be revealed to the case's officers (POST
// /admin/cases/:id/identity), with a reason sealed to the internal key.
func (a *Admin) identityRequest(c *gin.Context) {
	ctx := c.Request.Context()
	o := officer(c)
	caseID, ok := caseIDParam(c)
	if !ok {
		a.Site.Error(c, http.StatusNotFound)
		return
	}
	reason := strings.TrimSpace(c.PostForm("reason"))
	if reason == "" || len([]rune(reason)) > 5000 {
		a.afterAction(c, caseID, formProblem{"admin.act.err_reason"}, "")
		return
	}
	err := pgx.BeginFunc(ctx, a.DB, func(tx pgx.Tx) error {
		if _, err := lockCase(ctx, tx, caseID, o.ID); err != nil {
			return err
		}
		b, _ := json.Marshal(cases.MessageContent{Text: reason})
		sealed, err := cases.SealFor(ctx, tx, caseID, "internal", b)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO identity_requests (case_id, requested_by, reason_sealed) VALUES ($1, $2, $3)`, caseID, o.ID, sealed); err != nil {
			return errNotAllowed // one open request per case
		}
		return Audit(ctx, tx, &o.ID, "identity.request", &caseID, nil)
	})
	a.afterAction(c, caseID, err, "identity.request")
}

// identityDecide records a custodian's or a supervisor's decision on a request (POST
// /admin/cases/:id/identity/:request). The identity is revealed when one custodian and one
// supervisor, neither of them the requester nor each other, have approved; the reporter is told.
func (a *Admin) identityDecide(c *gin.Context) {
	ctx := c.Request.Context()
	o := officer(c)
	caseID, ok := caseIDParam(c)
	reqID, err := strconv.ParseInt(c.Param("request"), 10, 64)
	if !ok || err != nil {
		a.Site.Error(c, http.StatusNotFound)
		return
	}
	approve := c.PostForm("decision") == "approve"
	err = pgx.BeginFunc(ctx, a.DB, func(tx pgx.Tx) error {
		if _, err := lockCaseWith(ctx, tx, caseID, o.ID, []string{"mailbox", "internal"}); err != nil {
			return err
		}
		var requester int64
		var custodian, supervisor *int64
		err := tx.QueryRow(ctx, `SELECT requested_by, custodian_by, supervisor_by FROM identity_requests
			WHERE id = $1 AND case_id = $2 AND revealed_at IS NULL AND rejected_at IS NULL FOR UPDATE`, reqID, caseID).
			Scan(&requester, &custodian, &supervisor)
		if errors.Is(err, pgx.ErrNoRows) {
			return cases.ErrNotFound
		}
		if err != nil {
			return err
		}
		if requester == o.ID || custodian != nil && *custodian == o.ID || supervisor != nil && *supervisor == o.ID {
			return errNotAllowed
		}
		if !approve {
			if _, err := tx.Exec(ctx, `UPDATE identity_requests SET rejected_by = $2, rejected_at = now() WHERE id = $1`, reqID, o.ID); err != nil {
				return err
			}
			return Audit(ctx, tx, &o.ID, "identity.reject", &caseID, map[string]any{"request": reqID})
		}
		switch {
		case o.Has("custodian") && custodian == nil:
			_, err = tx.Exec(ctx, `UPDATE identity_requests SET custodian_by = $2, custodian_at = now() WHERE id = $1`, reqID, o.ID)
		case o.Has("supervisor") && supervisor == nil:
			_, err = tx.Exec(ctx, `UPDATE identity_requests SET supervisor_by = $2, supervisor_at = now() WHERE id = $1`, reqID, o.ID)
		default:
			return errNotAllowed // this officer's part is done, or they hold neither role
		}
		if err != nil {
			return err
		}
		if err := Audit(ctx, tx, &o.ID, "identity.approve", &caseID, map[string]any{"request": reqID}); err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `UPDATE identity_requests SET revealed_at = now()
			WHERE id = $1 AND custodian_by IS NOT NULL AND supervisor_by IS NOT NULL`, reqID)
		if err != nil || tag.RowsAffected() == 0 {
			return err
		}
		// No officer writes this message: it is the template, in the language the reporter reads.
		lang, err := cases.ReporterLang(ctx, tx, caseID)
		if err != nil {
			return err
		}
		templates, err := a.messageTemplates(ctx, tx, lang)
		if err != nil {
			return err
		}
		notice, _ := json.Marshal(cases.MessageContent{Text: templates[identityRevealed]})
		if _, err := cases.AddEntry(ctx, tx, caseID, cases.EntryStatus, cases.AuthorSystem, "mailbox", notice); err != nil {
			return err
		}
		return Audit(ctx, tx, &o.ID, "identity.reveal", &caseID, map[string]any{"request": reqID})
	})
	a.afterAction(c, caseID, err, "identity")
}
