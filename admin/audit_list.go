package admin

import (
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5"

	"integrity-portal/internal/auditlog"
	"integrity-portal/internal/spreadsheet"
	"integrity-portal/internal/web"
)

// auditRow is one audit event as the auditor's page shows it.
type auditRow struct {
	ID      int64
	At      time.Time
	Officer *string
	Action  string
	CaseID  *int64
	Detail  string
}

// auditLine is an event as the page words it.
type auditLine struct {
	auditRow
	Sentence string
}

type auditPage struct {
	Rows    []auditLine
	Events  []string // the event kinds the filter offers
	Ignored []string // message keys of the filters that could not be read, and were left out
	Query   url.Values
	Action  string
	Officer string
	CaseID  string
	From    string
	To      string
	Intact  bool
	Count   int64
	Head    string
	More    bool
	Page    int
}

// auditRows reads one page of the log, newest first, filtered by event kind, officer username, case
// and the event's date range. Filters come from the query; one that cannot be read (an unknown kind, a
// date that is no date) is left out and named in Ignored, so the page says so.
func (a *Admin) auditRows(c *gin.Context, limit int) ([]auditRow, auditPage, error) {
	q := c.Request.URL.Query()
	p := auditPage{Action: q.Get("action"), Officer: q.Get("officer"), CaseID: q.Get("case"), From: q.Get("from"), To: q.Get("to")}
	p.Page = web.PageNumber(q.Get("page"))
	args := pgx.NamedArgs{"limit": limit + 1, "offset": (p.Page - 1) * limit}
	where := "WHERE true"
	if slices.Contains(AuditEvents, p.Action) {
		where += " AND l.action = @action"
		args["action"] = p.Action
	} else if p.Action != "" {
		p.Ignored = append(p.Ignored, "admin.audit.action")
	}
	if p.Officer != "" {
		where += " AND o.username = @officer"
		args["officer"] = p.Officer
	}
	if id, err := strconv.ParseInt(strings.TrimPrefix(p.CaseID, "#"), 10, 64); err == nil {
		where += " AND l.case_id = @case"
		args["case"] = id
	} else if p.CaseID != "" {
		p.Ignored = append(p.Ignored, "admin.col.id")
	}
	if t, err := time.ParseInLocation("2006-01-02", p.From, taipei); err == nil {
		where += " AND l.at >= @from"
		args["from"] = t
	} else if p.From != "" {
		p.Ignored = append(p.Ignored, "admin.audit.from")
	}
	if t, err := time.ParseInLocation("2006-01-02", p.To, taipei); err == nil {
		where += " AND l.at < @to"
		args["to"] = t.AddDate(0, 0, 1)
	} else if p.To != "" {
		p.Ignored = append(p.Ignored, "admin.audit.to")
	}
	rows, _ := a.DB.Query(c.Request.Context(), `SELECT l.id, l.at, o.username, l.action, l.case_id, l.detail
		FROM audit_log l LEFT JOIN officers o ON o.id = l.officer_id `+where+` ORDER BY l.id DESC LIMIT @limit OFFSET @offset`, args)
	list, err := pgx.CollectRows(rows, pgx.RowToStructByPos[auditRow])
	if err != nil {
		return nil, p, fmt.Errorf("admin: audit rows: %w", err)
	}
	if len(list) > limit {
		list, p.More = list[:limit], true
	}
	q.Del("page")
	p.Query = q
	return list, p, nil
}

// auditList shows the audit log to auditors (GET /admin/audit), with whether its chain is intact
// and extends the stored checkpoints.
func (a *Admin) auditList(c *gin.Context) {
	rows, p, err := a.auditRows(c, 100)
	if err != nil {
		a.Site.Fail(c, err)
		return
	}
	ctx := c.Request.Context()
	checkpoints, err := auditlog.List(ctx, a.DB)
	if err != nil {
		a.Site.Fail(c, err)
		return
	}
	rep, err := auditlog.Verify(ctx, a.DB, checkpoints)
	if err != nil {
		a.Site.Fail(c, err)
		return
	}
	names, err := officerNames(ctx, a.DB, auditOfficerIDs(rows))
	if err != nil {
		a.Site.Fail(c, err)
		return
	}
	cat, lang := a.Site.Catalogues(), web.LangOf(c)
	for _, r := range rows {
		p.Rows = append(p.Rows, auditLine{r, auditSentence(cat, lang, r, names)})
	}
	p.Events, p.Intact, p.Count, p.Head = AuditEvents, rep.Intact(), rep.Rows, hex.EncodeToString(rep.Head)
	a.Site.Render(c, http.StatusOK, a.pages.audit, "admin.audit.title", p)
}

// auditExport downloads the filtered log as CSV, UTF-8 with a BOM (GET /admin/audit/export). The
// export itself is audited.
func (a *Admin) auditExport(c *gin.Context) {
	o := officer(c)
	rows, _, err := a.auditRows(c, 100000)
	if err != nil {
		a.Site.Fail(c, err)
		return
	}
	a.audit(c, &o.ID, "audit.export", nil, map[string]any{"rows": len(rows), "filter": c.Request.URL.RawQuery})
	c.Header("Content-Type", "text/csv; charset=utf-8")
	c.Header("Content-Disposition", `attachment; filename="audit-log.csv"`)
	c.Writer.Write([]byte("\ufeff"))
	w := spreadsheet.NewCSV(c.Writer)
	w.Write([]string{"id", "at", "officer", "action", "case", "detail"})
	for _, r := range rows {
		caseID := ""
		if r.CaseID != nil {
			caseID = strconv.FormatInt(*r.CaseID, 10)
		}
		w.Write([]string{strconv.FormatInt(r.ID, 10), r.At.In(taipei).Format(time.RFC3339), deref(r.Officer), r.Action, caseID, r.Detail})
	}
	w.Flush()
}

// PrevPage and NextPage are the neighbouring page numbers.
func (p auditPage) PrevPage() int { return max(p.Page-1, 1) }
func (p auditPage) NextPage() int { return p.Page + 1 }
