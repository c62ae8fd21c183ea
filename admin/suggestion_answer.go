package admin

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5"

	"integrity-portal/internal/cases"
	"integrity-portal/internal/database"
)

// suggestionAnswer answers a reform suggestion (POST /admin/cases/:id/answer): the answer goes to
// the citizen's mailbox, the case is closed, and where the citizen consented and the supervisor
// chooses to, the suggestion as the supervisor anonymised it is published with the answer at
// /suggest/answers. A suggestion is not an accusation, so one supervisor may close it.
func (a *Admin) suggestionAnswer(c *gin.Context) {
	ctx := c.Request.Context()
	o := officer(c)
	caseID, ok := caseIDParam(c)
	if !ok {
		a.Site.Error(c, http.StatusNotFound)
		return
	}
	answer := strings.TrimSpace(c.PostForm("answer"))
	public := strings.TrimSpace(c.PostForm("public_suggestion"))
	publish := c.PostForm("publish") == "on"
	if answer == "" || len([]rune(answer)) > 10000 || publish && (public == "" || len([]rune(public)) > 10000) {
		a.afterAction(c, caseID, formProblem{"admin.answer.err"}, "")
		return
	}
	var unit *int
	if id, ok := database.Int4ID(c.PostForm("unit")); ok {
		unit = &id
	}
	err := pgx.BeginFunc(ctx, a.DB, func(tx pgx.Tx) error {
		status, err := lockCase(ctx, tx, caseID, o.ID)
		if err != nil {
			return err
		}
		var kind, topic string
		var consent bool
		if err := tx.QueryRow(ctx, `SELECT kind, category, publication_consent FROM cases WHERE id = $1`, caseID).Scan(&kind, &topic, &consent); err != nil {
			return err
		}
		if kind != cases.KindSuggestion || status == "closed" {
			return errNotAllowed
		}
		if publish && !consent {
			return formProblem{"admin.answer.err_consent"}
		}
		msg, _ := json.Marshal(cases.MessageContent{Text: answer})
		sealed, err := cases.SealFor(ctx, tx, caseID, "mailbox", msg)
		if err != nil {
			return err
		}
		if _, err := cases.AddSealedEntry(ctx, tx, caseID, cases.EntryStatus, cases.AuthorOfficer, "mailbox", &o.ID, sealed); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE cases SET status = 'closed', closed_at = now(), acknowledged_at = coalesce(acknowledged_at, now()),
			agency_id = coalesce($2, agency_id) WHERE id = $1`, caseID, unit); err != nil {
			return err
		}
		if publish {
			if _, err := tx.Exec(ctx, `INSERT INTO suggestion_answers (case_id, topic, agency_id, suggestion, answer)
				SELECT id, category, agency_id, $2, $3 FROM cases WHERE id = $1`, caseID, public, answer); err != nil {
				return err
			}
		}
		return Audit(ctx, tx, &o.ID, "suggestion.answer", &caseID, map[string]any{"published": publish})
	})
	if errors.Is(err, errNotAllowed) {
		a.Site.Error(c, http.StatusForbidden)
		return
	}
	a.afterAction(c, caseID, err, "answer")
}
