package intake

import (
	"encoding/json"
	"errors"
	"net/http"
	"slices"
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
	New        bool // from the office, and not yet shown to the reporter before this visit
}

// deadlineLine is one of the case's deadlines as the reporter reads it.
type deadlineLine struct {
	cases.DueNotice
	Name     string // message key of the notice
	State    string // done, late, pending or overdue
	DaysOver int    // for overdue: calendar days past the date (0: the date is today)
	DoneAt   time.Time
}

// mailboxPage is the reporter's view of their case.
type mailboxPage struct {
	Kind             string
	Status           string // reporter-facing: received, in_progress, referred, closed
	ReceivedAt       time.Time
	WhistleblowerAct bool
	Deadlines        []deadlineLine
	Overdue          int          // how many deadlines are overdue
	Original         *threadItem  // the report or suggestion as sent
	Messages         []threadItem // everything after it, newest first
	NewCount         int
	FirstVisit       bool // the reporter has never been shown this mailbox before: there is no "last visit"
	IdentityCount    int
	IdentityOpen     bool // the identity form came back with an error, so its choice stays open
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
	sess, err := in.openSession(c)
	if errors.Is(err, errNoSession) {
		c.Redirect(http.StatusSeeOther, "/mailbox")
		return
	}
	if err != nil {
		in.Site.Fail(c, err)
		return
	}
	caseID, mailbox := sess.caseID, sess.mailbox
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
	var last int64
	for _, e := range entries {
		last = max(last, e.ID)
		item := threadItem{Kind: e.Kind, Author: e.Author, At: e.CreatedAt, Files: byEntry[e.ID],
			New: e.Author != cases.AuthorReporter && e.ID > sess.seenBefore}
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
		if (item.Report != nil || item.Suggestion != nil) && p.Original == nil {
			p.Original = &item
			continue
		}
		if item.New {
			p.NewCount++
		}
		p.Messages = append(p.Messages, item)
	}
	p.FirstVisit = sess.seenBefore == 0
	// Newest first: an officer's question is the first thing the reporter reads, not the last.
	slices.Reverse(p.Messages)
	// What this page shows counts as seen from the next visit on; this visit keeps its marks.
	if _, err := in.writeDB().Exec(ctx, `UPDATE cases SET reporter_seen_entry = $2 WHERE id = $1 AND reporter_seen_entry < $2`, caseID, last); err != nil {
		in.Site.Fail(c, err)
		return
	}
	due, err := cases.CaseDeadlines(ctx, in.DB, caseID, in.Deadlines)
	if err != nil {
		in.Site.Fail(c, err)
		return
	}
	p.Deadlines = deadlineLines(due, sum.Kind, time.Now())
	for _, d := range p.Deadlines {
		if d.State == "overdue" {
			p.Overdue++
		}
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

// deadlineLines words the case's deadlines for the reporter: each is done (in time or late),
// pending, or overdue, by the rules officers count by (cases.CaseDeadlines).
func deadlineLines(due []cases.DueNotice, kind string, now time.Time) []deadlineLine {
	out := make([]deadlineLine, 0, len(due))
	for _, d := range due {
		l := deadlineLine{DueNotice: d, Name: "intake.deadline." + d.Kind, State: "pending"}
		if kind == cases.EntrySuggestion && d.Kind == "feedback" {
			l.Name = "intake.deadline.answer" // a suggestion is answered, not investigated
		}
		switch {
		case d.Late():
			l.State, l.DoneAt = "late", *d.Done
		case d.Done != nil:
			l.State, l.DoneAt = "done", *d.Done
		case d.Overdue(now):
			l.State, l.DaysOver = "overdue", max(d.DaysOver(now), 0)
		}
		out = append(out, l)
	}
	return out
}
