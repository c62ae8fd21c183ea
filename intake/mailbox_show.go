package intake

import (
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"integrity-portal/crypto"
	"integrity-portal/internal/cases"
	"integrity-portal/internal/web"
)

// threadItem is one entry of the mailbox thread as the reporter sees it.
type threadItem struct {
	Kind       string
	Author     string
	At         time.Time
	Report     *cases.ReportContent
	Suggestion *cases.SuggestionContent
	Text       string
	Files      []cases.AttachmentMeta
}

// mailboxPage is the reporter's view of their case.
type mailboxPage struct {
	Kind             string
	Status           string // reporter-facing: received, in_progress, referred, closed
	ReceivedAt       time.Time
	WhistleblowerAct bool
	Thread           []threadItem
	IdentityCount    int
	Errors           fieldErrors
	FileError        string
	Message          string // the reply as typed, when the form comes back
	Sent             string // message key of a confirmation
	FileMaxMB        int64
	TotalMaxMB       int64
}

// mailboxShow shows the case behind the session (GET /mailbox/case).
func (in *Intake) mailboxShow(c *gin.Context) {
	in.renderMailbox(c, http.StatusOK, mailboxPage{Sent: sentKey(c.Query("sent"))})
}

func sentKey(v string) string {
	switch v {
	case "reply":
		return "intake.mailbox.sent_reply"
	case "identity":
		return "intake.mailbox.sent_identity"
	}
	return ""
}

func (in *Intake) renderMailbox(c *gin.Context, status int, p mailboxPage) {
	ctx := c.Request.Context()
	caseID, mailbox, err := in.session(c)
	if errors.Is(err, errNoSession) {
		c.Redirect(http.StatusSeeOther, "/mailbox")
		return
	}
	if err != nil {
		in.Site.Fail(c, err)
		return
	}
	// The language the reporter reads their mailbox in is the one their notices are written in: a
	// change of language here (the page's switch) reaches the officers.
	if err := cases.SetReporterLang(ctx, in.writeDB(), caseID, web.LangOf(c)); err != nil {
		in.Site.Fail(c, err)
		return
	}
	sum, err := cases.Get(ctx, in.DB, caseID)
	if err != nil {
		in.Site.Fail(c, err)
		return
	}
	entries, err := cases.Entries(ctx, in.DB, caseID, "mailbox", mailbox)
	if err != nil {
		in.Site.Fail(c, err)
		return
	}
	files, err := cases.Attachments(ctx, in.DB, caseID)
	if err != nil {
		in.Site.Fail(c, err)
		return
	}
	byEntry := map[int64][]cases.AttachmentMeta{}
	for _, f := range files {
		var m cases.AttachmentMeta
		if plain, err := crypto.Open(f.SealedMeta, mailbox); err == nil && json.Unmarshal(plain, &m) == nil {
			byEntry[f.EntryID] = append(byEntry[f.EntryID], m)
		}
	}
	for _, e := range entries {
		item := threadItem{Kind: e.Kind, Author: e.Author, At: e.CreatedAt, Files: byEntry[e.ID]}
		switch e.Kind {
		case cases.EntryReport:
			item.Report = &cases.ReportContent{}
			json.Unmarshal(e.Plaintext, item.Report)
		case cases.EntrySuggestion:
			item.Suggestion = &cases.SuggestionContent{}
			json.Unmarshal(e.Plaintext, item.Suggestion)
		default:
			var m cases.MessageContent
			json.Unmarshal(e.Plaintext, &m)
			item.Text = m.Text
		}
		p.Thread = append(p.Thread, item)
	}
	if err := in.DB.QueryRow(ctx, `SELECT count(*) FROM case_entries WHERE case_id = $1 AND kind = 'identity'`, caseID).Scan(&p.IdentityCount); err != nil {
		in.Site.Fail(c, err)
		return
	}
	p.Kind, p.Status, p.ReceivedAt, p.WhistleblowerAct = sum.Kind, cases.ReporterStatus(sum.Status), sum.ReceivedAt, sum.WhistleblowerAct
	p.FileMaxMB, p.TotalMaxMB = in.FileMax>>20, in.TotalMax>>20
	if p.Errors == nil {
		p.Errors = fieldErrors{}
	}
	in.Site.Render(c, status, in.pages.mailboxCase, "intake.mailbox.case_title", p)
}
