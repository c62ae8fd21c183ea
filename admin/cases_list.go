package admin

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"golang.org/x/text/width"

	"integrity-portal/internal/cases"
	"integrity-portal/internal/spreadsheet"
	"integrity-portal/internal/web"
)

type casesPage struct {
	Filter  Filter
	IDText  string // the case number as typed, kept when it is not one
	IDWrong bool
	// MoreFilters opens the less used filters when one of them is set.
	MoreFilters bool
	Cases       []QueueCase
	More        bool
	Query       url.Values
	Statuses    []string
	Channels    []string
	DueStates   []string
}

var (
	allChannels  = []string{"web", "onion", "paper", "phone", "counter"}
	allDueStates = []string{"overdue", "soon", "later", "none"}
)

// PrevPage and NextPage are the neighbouring page numbers.
func (p casesPage) PrevPage() int { return max(p.Filter.Page-1, 1) }
func (p casesPage) NextPage() int { return max(p.Filter.Page, 1) + 1 }

// allStatuses are the statuses the list filters by: every one but shredded, whose cases it never shows.
var allStatuses = slices.DeleteFunc(slices.Clone(cases.Statuses), func(s string) bool { return s == "shredded" })

// parseFilter reads the list's filters from the query; unknown values are ignored, not errors.
func parseFilter(q url.Values) Filter {
	f := Filter{Status: oneOf(q.Get("status"), allStatuses), Category: q.Get("category"), Kind: oneOf(q.Get("kind"), []string{"report", "suggestion"}),
		Channel: oneOf(q.Get("channel"), allChannels), Assignee: oneOf(q.Get("assignee"), []string{"me", "none"}),
		Due: oneOf(q.Get("due"), allDueStates), Act: q.Get("act") == "1", Sort: oneOf(q.Get("sort"), []string{"oldest", "due"})}
	if q.Get("overdue") == "1" { // the dashboard's link
		f.Due = "overdue"
	}
	if id, ok := caseNumber(q.Get("id")); ok {
		f.ID = id
	} else {
		f.ID = -1 // not a case number: nothing matches, and the list says why
	}
	f.Page = web.PageNumber(q.Get("page"))
	if t, err := time.ParseInLocation("2006-01-02", q.Get("from"), taipei); err == nil {
		f.From = &t
	}
	if t, err := time.ParseInLocation("2006-01-02", q.Get("to"), taipei); err == nil {
		f.To = &t
	}
	return f
}

// caseNumber reads a case number as officers write it: 12, #12 or ＃１２. ok is false for anything
// else that is not empty.
func caseNumber(s string) (id int64, ok bool) {
	s = strings.TrimSpace(width.Narrow.String(s))
	if s == "" {
		return 0, true
	}
	id, err := strconv.ParseInt(strings.TrimPrefix(s, "#"), 10, 64)
	if err != nil || id <= 0 {
		return 0, false
	}
	return id, true
}

func oneOf(v string, allowed []string) string {
	for _, a := range allowed {
		if v == a {
			return v
		}
	}
	return ""
}

// casesList is the filtered, sorted, paged case list (GET /admin/cases).
func (a *Admin) casesList(c *gin.Context) {
	f := parseFilter(c.Request.URL.Query())
	o := officer(c)
	list, more, err := ListCases(c.Request.Context(), a.DB, o.ID, a.Deadlines, f)
	if err == nil {
		err = openSubjects(c.Request.Context(), a.DB, o.ID, o.Identity, list) // this page's rows only
	}
	if err != nil {
		a.Site.Fail(c, err)
		return
	}
	q := c.Request.URL.Query()
	q.Del("page")
	p := casesPage{Filter: f, Cases: list, More: more, Query: q, Statuses: allStatuses, Channels: allChannels, DueStates: allDueStates,
		IDText: q.Get("id")}
	p.IDWrong = f.ID < 0
	p.MoreFilters = f.Kind != "" || f.Assignee != "" || f.From != nil || f.To != nil || f.Act
	a.Site.Render(c, http.StatusOK, a.pages.cases, "admin.cases.title", p)
}

// casesExport downloads the visible metadata of the filtered list as CSV, UTF-8 with a BOM for Excel
// (GET /admin/cases/export). It never includes content. The export is audited.
func (a *Admin) casesExport(c *gin.Context) {
	o := officer(c)
	f := parseFilter(c.Request.URL.Query())
	var all []QueueCase
	for f.Page = 1; f.Page <= 200; f.Page++ {
		list, more, err := ListCases(c.Request.Context(), a.DB, o.ID, a.Deadlines, f)
		if err != nil {
			a.Site.Fail(c, err)
			return
		}
		all = append(all, list...)
		if !more {
			break
		}
	}
	a.audit(c, &o.ID, "cases.export", nil, map[string]any{"rows": len(all), "filter": c.Request.URL.RawQuery})
	c.Header("Content-Type", "text/csv; charset=utf-8")
	c.Header("Content-Disposition", `attachment; filename="cases.csv"`)
	c.Writer.Write([]byte("\ufeff"))
	w := spreadsheet.NewCSV(c.Writer)
	w.Write([]string{"id", "kind", "category", "agency", "status", "channel", "whistleblower_act", "received_at", "assignee", "due", "due_at"})
	for _, q := range all {
		due, dueAt := "", ""
		if q.DueKind != nil {
			due, dueAt = *q.DueKind, q.DueAt.In(taipei).Format("2006-01-02")
		}
		w.Write([]string{strconv.FormatInt(q.ID, 10), q.Kind, q.Category, deref(q.AgencyZh), q.Status, q.Channel,
			fmt.Sprint(q.WhistleblowerAct), q.ReceivedAt.In(taipei).Format("2006-01-02 15:04"), deref(q.AssigneeName), due, dueAt})
	}
	w.Flush()
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
