package admin

import (
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
	"integrity-portal/internal/i18n"
)

// casePage is a case as an officer sees it.
type casePage struct {
	Case        QueueCase
	Report      *cases.ReportContent
	Suggestion  *cases.SuggestionContent
	Thread      []threadEntry
	Files       []caseFile
	HasIdentity bool
	Timeline    []timelineEvent
	Notes       []threadEntry
	CanNotes    bool
	Actions     []offeredAction
	Approvals   []pendingApproval
	Rejections  []rejection // proposals sent back, with the supervisor's reason
	Assignees   []assignee
	Excludable  []assignee
	Exclusions  []standingExclusion
	CanAssign   bool
	Assignee    int64 // the current assignee, 0 for none
	CanSubject  bool
	Subject     subjectForm
	Outcomes    []string
	RefKinds    []string
	Addressees  []string
	Done        string
	Problem     string
	Blank       string   // the unfilled blank the problem points at
	Kept        keptForm // what the officer typed into a refused form
	Identity    identityState
	CanAnswer   bool
	CanExclude  bool
	Referrals   []referralRow
	Agencies    []agencyName
	// ReporterLang is the language the reporter reads: the templates are in it, and every form
	// that writes to the reporter says which it is.
	ReporterLang i18n.Lang
}

// ReporterReads is the message key that tells the officer which language the reporter reads.
func (p casePage) ReporterReads() string { return reporterReads(p.ReporterLang) }

func reporterReads(l i18n.Lang) string {
	if l == i18n.En {
		return "admin.case.reporter_reads_en"
	}
	return "admin.case.reporter_reads_zh"
}

// keptForm is what the officer typed into an action or reply form that was refused, shown again.
type keptForm struct {
	Action, Message, Note, Outcome          string
	RefKind, Addressee, Name, On, Reference string
	Reply                                   string
}

// identityState is where the reporter's identity stands for this case.
type identityState struct {
	Open       *identityReq
	Revealed   bool
	Identities []cases.IdentityContent
}

type referralRow struct {
	ID        int64
	Addressee string
	Name      string
	On        time.Time
	Reference string
	Result    string
}

type identityReq struct {
	ID          int64
	Requester   string
	RequestedBy int64
	Custodian   *string
	Supervisor  *string
	CanDecide   bool
}

// offeredAction is a workflow action this officer may take now.
type offeredAction struct {
	Action   string
	Reporter bool
	Approval string
	Outcome  string
	Message  string // the editable template of the reporter's message, when Reporter
}

// pendingApproval is an open proposal as the case page sums it up; the approval page shows it whole.
type pendingApproval struct {
	ID         int64
	Kind       string
	Proposer   string
	ProposedBy int64
	ProposedAt time.Time
	Outcome    *string
	Addressee  *string
	Reference  *string
	CanDecide  bool
	CanView    bool // a supervisor opens the approval page even of their own proposal, to read it
}

type assignee struct {
	ID   int64
	Name string
}

type threadEntry struct {
	Author  string
	Officer *string // the writing officer's name, when an officer wrote it
	At      time.Time
	Text    string
	Files   []caseFile
}

type caseFile struct {
	CaseID int64
	ID     int64
	Meta   cases.AttachmentMeta
}

// SizeKey and SizeNum write a file's size for people: 13246 bytes is "12.9 KB" (admin.size.*).
func (f caseFile) SizeKey() string {
	switch n := f.Meta.Size; {
	case n < 1000:
		return "admin.size.b"
	case n < 1000*1024:
		return "admin.size.kb"
	}
	return "admin.size.mb"
}

// SizeNum is the number SizeKey's message shows, with one decimal below 100 units.
func (f caseFile) SizeNum() string {
	v, unit := float64(f.Meta.Size), 1.0
	switch f.SizeKey() {
	case "admin.size.b":
		return strconv.FormatInt(f.Meta.Size, 10)
	case "admin.size.kb":
		unit = 1024
	default:
		unit = 1024 * 1024
	}
	if v/unit >= 100 {
		return strconv.FormatFloat(v/unit, 'f', 0, 64)
	}
	return strconv.FormatFloat(v/unit, 'f', 1, 64)
}

type timelineEvent struct {
	At       time.Time
	Action   string
	Officer  *string
	Proposal *int64 // the proposal a rejection sent back, whose reason is shown beside it
	Reason   string
}

// openCaseKey opens the officer's grant of a case key. No grant, no case: ErrNotFound, whatever
// the officer's roles.
func (a *Admin) openCaseKey(c *gin.Context, caseID int64, key string) (*age.HybridIdentity, error) {
	o := officer(c)
	sealed, err := cases.OfficerGrant(c.Request.Context(), a.DB, caseID, o.ID, key)
	if err != nil {
		return nil, err
	}
	return crypto.OpenGrant(sealed, o.Identity)
}

func caseIDParam(c *gin.Context) (int64, bool) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	return id, err == nil && id > 0
}

// caseShow opens a case (GET /admin/cases/:id): the decrypted report, the thread with the reporter,
// the files with their metadata warnings, and the timeline. The reporter's identity stays hidden: the
// page says only whether one was given. Every view is audited before anything is shown.
func (a *Admin) caseShow(c *gin.Context) {
	caseID, ok := caseIDParam(c)
	if !ok {
		a.Site.Error(c, http.StatusNotFound)
		return
	}
	a.renderCase(c, caseID, http.StatusOK, casePage{Done: c.Query("done"), Problem: oneOf(c.Query("problem"), []string{"admin.act.err_message", "admin.act.err_note",
		"admin.act.err_outcome", "admin.act.err_referral", "admin.act.err_assignee", "admin.act.err_excluded", "admin.act.err_unapproved",
		"admin.act.err_no_key_to_grant", "admin.exclusion.err_reason"})})
}

// renderCase shows the case page with what p already holds: a problem and the fields typed, when a
// form on it was refused, so that nothing typed is lost.
func (a *Admin) renderCase(c *gin.Context, caseID int64, status int, p casePage) {
	ctx := c.Request.Context()
	o := officer(c)
	mailbox, err := a.openCaseKey(c, caseID, "mailbox")
	if errors.Is(err, cases.ErrNotFound) {
		a.Site.Error(c, http.StatusNotFound) // not 403: whether a case exists is itself not theirs to know
		return
	}
	if err != nil {
		a.Site.Fail(c, err)
		return
	}
	if err := AuditNow(ctx, a.DB, &o.ID, "case.view", &caseID, nil); err != nil {
		a.Site.Fail(c, err)
		return
	}
	if p.Case, err = a.caseMeta(c, caseID); err != nil {
		a.Site.Fail(c, err)
		return
	}
	if p.ReporterLang, err = cases.ReporterLang(ctx, a.DB, caseID); err != nil {
		a.Site.Fail(c, err)
		return
	}
	if p.Case.Subject, err = openSubject(ctx, a.DB, caseID, mailbox); err != nil {
		a.Site.Fail(c, err)
		return
	}
	if p.Subject.Problem == "" { // a refused subject stays as typed
		p.Subject = subjectForm{Value: p.Case.Subject}
	}
	entries, err := cases.Entries(ctx, a.DB, caseID, "mailbox", mailbox)
	if err != nil {
		a.Site.Fail(c, err)
		return
	}
	refs, err := cases.Attachments(ctx, a.DB, caseID)
	if err != nil {
		a.Site.Fail(c, err)
		return
	}
	byEntry := map[int64][]caseFile{}
	for _, r := range refs {
		var m cases.AttachmentMeta
		if plain, err := crypto.Open(r.SealedMeta, mailbox); err == nil && json.Unmarshal(plain, &m) == nil {
			byEntry[r.EntryID] = append(byEntry[r.EntryID], caseFile{CaseID: caseID, ID: r.ID, Meta: m})
		}
	}
	for _, e := range entries {
		switch e.Kind {
		case cases.EntryReport:
			p.Report = &cases.ReportContent{}
			json.Unmarshal(e.Plaintext, p.Report)
			p.Files = byEntry[e.ID]
		case cases.EntrySuggestion:
			p.Suggestion = &cases.SuggestionContent{}
			json.Unmarshal(e.Plaintext, p.Suggestion)
		default:
			var m cases.MessageContent
			json.Unmarshal(e.Plaintext, &m)
			p.Thread = append(p.Thread, threadEntry{Author: e.Author, Officer: e.Officer, At: e.CreatedAt, Text: m.Text, Files: byEntry[e.ID]})
		}
	}
	if err := a.DB.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM case_entries WHERE case_id = $1 AND kind = 'identity')`, caseID).Scan(&p.HasIdentity); err != nil {
		a.Site.Fail(c, err)
		return
	}
	if err := a.caseWork(c, caseID, &p); err != nil {
		a.Site.Fail(c, err)
		return
	}
	if p.Rejections, err = caseRejections(ctx, a.DB, caseID, 0, mailbox); err != nil {
		a.Site.Fail(c, err)
		return
	}
	rows, _ := a.DB.Query(ctx, `SELECT l.at, l.action, o.display_name,
		CASE WHEN l.action LIKE 'case.reject\_%' THEN (l.detail::jsonb->>'proposal')::bigint END, ''
		FROM audit_log l LEFT JOIN officers o ON o.id = l.officer_id
		WHERE l.case_id = $1 ORDER BY l.id DESC LIMIT 200`, caseID)
	if p.Timeline, err = pgx.CollectRows(rows, pgx.RowToStructByPos[timelineEvent]); err != nil {
		a.Site.Fail(c, err)
		return
	}
	for i, ev := range p.Timeline {
		for _, r := range p.Rejections {
			if ev.Proposal != nil && *ev.Proposal == r.ID {
				p.Timeline[i].Reason = r.Reason
			}
		}
	}
	a.Site.Render(c, status, a.pages.caseShow, "admin.case.title", p)
}

// caseMeta reads one visible case's list row.
func (a *Admin) caseMeta(c *gin.Context, caseID int64) (QueueCase, error) {
	d := a.Deadlines
	rows, _ := a.DB.Query(c.Request.Context(), visibleCases+" AND v.id = @id", pgx.NamedArgs{
		"officer": officer(c).ID, "id": caseID, "ack": d.Acknowledge, "feedback": d.Feedback, "act_accept": d.ActAccept, "act_result": d.ActResult,
	})
	return pgx.CollectExactlyOneRow(rows, pgx.RowToStructByPos[QueueCase])
}
