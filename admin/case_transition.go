package admin

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5"

	"integrity-portal/internal/cases"
)

// errNotAllowed is an action the case's state or the officer's roles do not allow.
var errNotAllowed = errors.New("admin: action not allowed")

// formProblem is a field the officer must fix; its key is a message key.
type formProblem struct{ key string }

func (f formProblem) Error() string { return f.key }

// blankLeft is a reporter message with a template's blank still unfilled (unfilledBlank).
type blankLeft struct{ blank string }

func (b blankLeft) Error() string { return "admin: unfilled blank " + b.blank }

// referralForm is what a referral records.
type referralForm struct {
	Kind      string `json:"kind"`
	Addressee string `json:"addressee"`
	Name      string `json:"addressee_name"`
	On        string `json:"referred_on"`
	Reference string `json:"reference_no"`
}

// caseTransition takes a workflow action on a case (POST /admin/cases/:id/transition): the table in
// cases.Workflow decides whether the officer may, from this state. Reporter-visible actions carry a
// message for the reporter; closures and referrals become proposals for a supervisor to decide.
func (a *Admin) caseTransition(c *gin.Context) {
	ctx := c.Request.Context()
	o := officer(c)
	caseID, ok := caseIDParam(c)
	if !ok {
		a.Site.Error(c, http.StatusNotFound)
		return
	}
	action := cases.Action(c.PostForm("action"))
	message := strings.TrimSpace(c.PostForm("message"))
	note := strings.TrimSpace(c.PostForm("note"))
	kept := keptForm{Action: string(action), Message: message, Note: note, Outcome: c.PostForm("outcome"),
		RefKind: c.PostForm("referral_kind"), Addressee: c.PostForm("addressee"), Name: c.PostForm("addressee_name"),
		On: c.PostForm("referred_on"), Reference: c.PostForm("reference_no")}
	err := pgx.BeginFunc(ctx, a.DB, func(tx pgx.Tx) error {
		status, err := lockCase(ctx, tx, caseID, o.ID)
		if err != nil {
			return err
		}
		tr, ok := cases.Allowed(status, action, o.Roles)
		if !ok {
			return errNotAllowed
		}
		if tr.Reporter && (message == "" || len([]rune(message)) > 5000) {
			return formProblem{"admin.act.err_message"}
		}
		if b := unfilledBlank(message); tr.Reporter && b != "" {
			return blankLeft{b}
		}
		if len([]rune(note)) > 20000 {
			return formProblem{"admin.act.err_note"}
		}
		var sealedMessage []byte
		if tr.Reporter {
			text, _ := json.Marshal(cases.MessageContent{Text: message})
			if sealedMessage, err = cases.SealFor(ctx, tx, caseID, "mailbox", text); err != nil {
				return err
			}
		}
		var noteEntry int64
		if note != "" {
			text, _ := json.Marshal(cases.MessageContent{Text: note})
			sealed, err := cases.SealFor(ctx, tx, caseID, "internal", text)
			if err != nil {
				return err
			}
			if noteEntry, err = cases.AddSealedEntry(ctx, tx, caseID, "note", cases.AuthorOfficer, "internal", &o.ID, sealed); err != nil {
				return err
			}
		}
		detail := map[string]any{"from": status, "action": action}
		if tr.Approval != "" {
			payload := map[string]any{"action": action}
			if noteEntry != 0 {
				payload["note_entry"] = noteEntry // the proposer's reasons, for the approval page; the text stays sealed
			}
			outcome := tr.Outcome
			if tr.Approval == "closure" && outcome == "" {
				outcome = c.PostForm("outcome")
				if !contains(cases.Outcomes, outcome) {
					return formProblem{"admin.act.err_outcome"}
				}
			}
			if outcome != "" {
				payload["outcome"] = outcome
			}
			if tr.Approval == "referral" {
				ref, err := readReferral(c)
				if err != nil {
					return err
				}
				payload["referral"] = ref
			}
			var approvalID int64
			err := tx.QueryRow(ctx, `INSERT INTO approvals (case_id, kind, proposed_by, payload, previous_status, sealed_message)
				VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, caseID, tr.Approval, o.ID, payload, status, sealedMessage).Scan(&approvalID)
			if err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `UPDATE cases SET status = $2 WHERE id = $1`, caseID, cases.PendingState(tr.Approval, status)); err != nil {
				return err
			}
			detail["proposal"] = approvalID
			return Audit(ctx, tx, &o.ID, "case.propose_"+tr.Approval, &caseID, detail)
		}
		if _, err := tx.Exec(ctx, `UPDATE cases SET status = $2,
			acknowledged_at = CASE WHEN $3 THEN coalesce(acknowledged_at, now()) ELSE acknowledged_at END,
			closed_at = NULL, outcome = CASE WHEN $2 = 'reopened' THEN NULL ELSE outcome END
			WHERE id = $1`, caseID, tr.To, action == cases.Acknowledge); err != nil {
			return err
		}
		if sealedMessage != nil {
			if _, err := cases.AddSealedEntry(ctx, tx, caseID, cases.EntryStatus, cases.AuthorOfficer, "mailbox", &o.ID, sealedMessage); err != nil {
				return err
			}
		}
		detail["to"] = tr.To
		return Audit(ctx, tx, &o.ID, "case."+string(action), &caseID, detail)
	})
	if !a.refusedOnCase(c, caseID, err, kept) {
		a.afterAction(c, caseID, err, string(action))
	}
}

// readReferral validates a referral's fields.
func readReferral(c *gin.Context) (referralForm, error) {
	r := referralForm{Kind: c.PostForm("referral_kind"), Addressee: c.PostForm("addressee"),
		Name: strings.TrimSpace(c.PostForm("addressee_name")), On: c.PostForm("referred_on"), Reference: strings.TrimSpace(c.PostForm("reference_no"))}
	criminal := map[string]bool{"prosecutors": true, "aac": true, "mjib": true}
	switch {
	case r.Kind == "criminal" && criminal[r.Addressee], r.Kind == "administrative" && r.Addressee == "agency":
	default:
		return r, formProblem{"admin.act.err_referral"}
	}
	if _, err := time.Parse("2006-01-02", r.On); err != nil || len(r.Name) > 200 || len(r.Reference) > 100 {
		return r, formProblem{"admin.act.err_referral"}
	}
	return r, nil
}

// refusedOnCase answers a refused case form with the case page itself, the problem on top and what
// the officer typed still in the form, and reports whether err was such a refusal.
func (a *Admin) refusedOnCase(c *gin.Context, caseID int64, err error, kept keptForm) bool {
	var fp formProblem
	var bl blankLeft
	switch {
	case errors.As(err, &bl):
		a.renderCase(c, caseID, http.StatusUnprocessableEntity, casePage{Problem: "admin.act.err_blank", Blank: bl.blank, Kept: kept})
	case errors.As(err, &fp):
		a.renderCase(c, caseID, http.StatusUnprocessableEntity, casePage{Problem: fp.key, Kept: kept})
	default:
		return false
	}
	return true
}

// afterAction answers an action: back to the case page, or a clear reason why not.
func (a *Admin) afterAction(c *gin.Context, caseID int64, err error, done string) {
	var fp formProblem
	if key, ok := sqlRefusals[sqlCode(err)]; ok {
		err = formProblem{key}
	}
	switch {
	case err == nil:
		c.Redirect(http.StatusSeeOther, "/admin/cases/"+strconv.FormatInt(caseID, 10)+"?done="+done)
	case errors.Is(err, cases.ErrNotFound):
		a.Site.Error(c, http.StatusNotFound)
	case errors.Is(err, errNotAllowed):
		a.Site.Error(c, http.StatusForbidden)
	case errors.As(err, &fp):
		c.Redirect(http.StatusSeeOther, "/admin/cases/"+strconv.FormatInt(caseID, 10)+"?problem="+fp.key)
	default:
		a.Site.Fail(c, err)
	}
}
