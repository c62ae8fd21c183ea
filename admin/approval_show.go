package admin

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"time"

	"filippo.io/age"
	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5"

	"integrity-portal/crypto"
	"integrity-portal/internal/cases"
	"integrity-portal/internal/database"
	"integrity-portal/internal/i18n"
)

// approvalPage is one proposal as the deciding supervisor sees it: everything approving it does.
type approvalPage struct {
	Case         QueueCase
	Approval     approvalView
	Message      string // the reporter's message, exactly as approving it sends it
	ReporterLang i18n.Lang
	Note         string // the proposer's reasons (their note with the proposal)
	NoteSealed   bool   // reasons were given, sealed to the internal key this supervisor does not hold
	Blank        string // a blank left unfilled in the message (proposals made before blanks were refused)
	CanDecide    bool
	Problem      string
	Reason       string // the reason for rejecting as typed, kept when it was refused
	Rejections   []rejection
}

// ReporterReads is the message key that says which language the reporter reads.
func (p approvalPage) ReporterReads() string {
	if p.ReporterLang == i18n.En {
		return "admin.approval_page.reads_en"
	}
	return "admin.approval_page.reads_zh"
}

// approvalView is one row of approvals, opened.
type approvalView struct {
	ID, CaseID int64
	Kind       string
	Proposer   string
	ProposedBy int64
	ProposedAt time.Time
	Previous   string
	Outcome    string
	Referral   *referralForm
	Decision   string
	Decider    string
	DecidedAt  *time.Time
	Reason     string
}

// Waiting is how long the proposal has waited.
func (v approvalView) Waiting() waited { return waitedSince(v.ProposedAt, time.Now()) }

// rejection is an earlier proposal of the case that a supervisor sent back, and why.
type rejection struct {
	ID                      int64
	Kind, Proposer, Decider string
	At                      time.Time
	Reason                  string
}

// approvalShow shows a proposal whole (GET /admin/cases/:id/approvals/:approval): kind, outcome, the
// referral's addressee, reference and date, the proposer's reasons, the message the reporter will
// receive as it will be sent, and the form to decide it. Like the case page, it needs the case's
// mailbox grant, and every view is audited.
func (a *Admin) approvalShow(c *gin.Context) {
	caseID, ok := caseIDParam(c)
	approvalID, err := strconv.ParseInt(c.Param("approval"), 10, 64)
	if !ok || err != nil {
		a.Site.Error(c, http.StatusNotFound)
		return
	}
	a.renderApproval(c, caseID, approvalID, http.StatusOK, approvalPage{})
}

// renderApproval shows the approval page with what p holds already: a problem and the reason typed.
func (a *Admin) renderApproval(c *gin.Context, caseID, approvalID int64, status int, p approvalPage) {
	ctx := c.Request.Context()
	o := officer(c)
	mailbox, err := a.openCaseKey(c, caseID, "mailbox")
	if err == nil {
		err = a.openApproval(c, mailbox, caseID, approvalID, &p)
	}
	if errors.Is(err, cases.ErrNotFound) {
		a.Site.Error(c, http.StatusNotFound)
		return
	}
	if err == nil {
		err = AuditNow(ctx, a.DB, &o.ID, "case.view", &caseID, map[string]any{"proposal": approvalID})
	}
	if err != nil {
		a.Site.Fail(c, err)
		return
	}
	p.CanDecide = p.Approval.Decision == "" && p.Approval.ProposedBy != o.ID
	a.Site.Render(c, status, a.pages.approval, "admin.approval_page.title", p)
}

// openApproval reads the proposal and its case into p, opening what is sealed with the officer's keys.
func (a *Admin) openApproval(c *gin.Context, mailbox *age.HybridIdentity, caseID, approvalID int64, p *approvalPage) error {
	ctx := c.Request.Context()
	var err error
	if p.Case, err = a.caseMeta(c, caseID); errors.Is(err, pgx.ErrNoRows) {
		return cases.ErrNotFound
	} else if err != nil {
		return err
	}
	if p.ReporterLang, err = cases.ReporterLang(ctx, a.DB, caseID); err != nil {
		return err
	}
	v := &p.Approval
	var payload, sealedMessage, sealedReason []byte
	var decision *string
	err = a.DB.QueryRow(ctx, `SELECT a.id, a.case_id, a.kind, p.display_name, a.proposed_by, a.proposed_at, a.previous_status,
		a.payload, a.sealed_message, a.decision, coalesce(d.display_name, ''), a.decided_at, a.reason_sealed
		FROM approvals a JOIN officers p ON p.id = a.proposed_by LEFT JOIN officers d ON d.id = a.decided_by
		WHERE a.id = $1 AND a.case_id = $2`, approvalID, caseID).Scan(&v.ID, &v.CaseID, &v.Kind, &v.Proposer, &v.ProposedBy, &v.ProposedAt,
		&v.Previous, &payload, &sealedMessage, &decision, &v.Decider, &v.DecidedAt, &sealedReason)
	if errors.Is(err, pgx.ErrNoRows) {
		return cases.ErrNotFound
	}
	if err != nil {
		return err
	}
	if decision != nil {
		v.Decision = *decision
	}
	var pl struct {
		Outcome   string        `json:"outcome"`
		Referral  *referralForm `json:"referral"`
		NoteEntry int64         `json:"note_entry"`
	}
	if err := json.Unmarshal(payload, &pl); err != nil {
		return err
	}
	v.Outcome, v.Referral = pl.Outcome, pl.Referral
	if p.Message, err = openText(sealedMessage, mailbox); err != nil {
		return err
	}
	p.Blank = unfilledBlank(p.Message)
	if v.Reason, err = openText(sealedReason, mailbox); err != nil {
		return err
	}
	if pl.NoteEntry != 0 {
		if p.Note, err = a.proposalNote(c, caseID, pl.NoteEntry); errors.Is(err, cases.ErrNotFound) {
			p.NoteSealed, err = true, nil
		}
		if err != nil {
			return err
		}
	}
	p.Rejections, err = caseRejections(ctx, a.DB, caseID, approvalID, mailbox)
	return err
}

// proposalNote opens the note written with a proposal, if the officer holds the internal key.
func (a *Admin) proposalNote(c *gin.Context, caseID, entryID int64) (string, error) {
	internal, err := a.openCaseKey(c, caseID, "internal")
	if err != nil {
		return "", err
	}
	var sealed []byte
	if err := a.DB.QueryRow(c.Request.Context(), `SELECT sealed FROM case_entries WHERE id = $1 AND case_id = $2 AND key_name = 'internal'`,
		entryID, caseID).Scan(&sealed); err != nil {
		return "", err
	}
	return openText(sealed, internal)
}

// caseRejections lists the case's rejected proposals but one (except), newest first, with their reasons.
func caseRejections(ctx context.Context, db database.DB, caseID, except int64, mailbox *age.HybridIdentity) ([]rejection, error) {
	rows, _ := db.Query(ctx, `SELECT a.id, a.kind, p.display_name, d.display_name, a.decided_at, a.reason_sealed
		FROM approvals a JOIN officers p ON p.id = a.proposed_by JOIN officers d ON d.id = a.decided_by
		WHERE a.case_id = $1 AND a.decision = 'rejected' AND a.id <> $2 ORDER BY a.decided_at DESC, a.id DESC`, caseID, except)
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (rejection, error) {
		var x rejection
		var sealed []byte
		if err := r.Scan(&x.ID, &x.Kind, &x.Proposer, &x.Decider, &x.At, &sealed); err != nil {
			return x, err
		}
		var err error
		x.Reason, err = openText(sealed, mailbox)
		return x, err
	})
}

// openText opens a sealed cases.MessageContent; nothing sealed is "".
func openText(sealed []byte, id age.Identity) (string, error) {
	if sealed == nil {
		return "", nil
	}
	plain, err := crypto.Open(sealed, id)
	if err != nil {
		return "", err
	}
	var m cases.MessageContent
	err = json.Unmarshal(plain, &m)
	return m.Text, err
}
