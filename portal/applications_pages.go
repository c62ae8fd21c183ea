package portal

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5"

	"integrity-portal/internal/database"
	"integrity-portal/internal/i18n"
	"integrity-portal/internal/web"
)

// The application statistics pages (/applications) read only what applications.Recompute stored
// (application_stats and the log of recomputations) and the registry beside it (agencies, services,
// periods); never application_records, which holds millions of rows and is no reader's business.

// appPages holds what the application statistics pages need; its methods are their handlers.
type appPages struct {
	site                   *web.Site
	db                     database.DB
	index, agency, problem *web.PageTemplate
	cache                  *web.PageCache // pages as rendered at the last recomputation
}

func newAppPages(site *web.Site, db database.DB) *appPages {
	return &appPages{site: site, db: db,
		index:   site.Page("portal/applications"),
		agency:  site.Page("portal/applications_agency"),
		problem: site.Page("portal/applications_problem"),
		cache:   &web.PageCache{TTL: time.Minute, Max: 2000},
	}
}

// windowMonths is how many months the pages sum: a year, so that seasons even out.
const windowMonths = 12

// minRanked is the fewest timed applications over the window for a service to be ranked by its
// on-time rate: with fewer, one late application moves the rate by several points.
const minRanked = 30

// answerProblem answers status with the problem page under the messages key.title and key.body.
func (p *appPages) answerProblem(c *gin.Context, status int, key string) {
	p.site.Render(c, status, p.problem, key+".title", problemPage{Key: key})
}

// render answers 200 with page, kept in the cache for the recomputation it shows (none before the
// first: the page then depends on the day).
func (p *appPages) render(c *gin.Context, run *recomputation, page *web.PageTemplate, titleKey string, data any) {
	if run == nil {
		p.site.Render(c, http.StatusOK, page, titleKey, data)
		return
	}
	p.site.RenderCached(c, p.cache, run.version(), http.StatusOK, page, titleKey, data)
}

// maxAgencyCode bounds an agency code in an address; the import allows 100 characters.
const maxAgencyCode = 100

// validAgencyCode reports whether s can be an agency code as the import stores it: 1 to 100
// characters of valid UTF-8 without spaces or control characters. Anything else cannot be in
// the registry, so it is answered as unknown without a query.
func validAgencyCode(s string) bool {
	if s == "" || !utf8.ValidString(s) || utf8.RuneCountInString(s) > maxAgencyCode {
		return false
	}
	return !strings.ContainsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) })
}

func agencyHref(code string) string { return "/applications/" + url.PathEscape(code) }

// recomputation is the last recomputation of the statistics: what every figure is as of.
type recomputation struct {
	ID           int64
	AsOf         time.Time // the last day counted
	FinishedAt   time.Time
	Records      int64
	CalendarGaps []int32 // years counted without an office calendar
}

// lastRecomputation returns the latest recomputation, or nil before the first.
func lastRecomputation(ctx context.Context, db database.DB) (*recomputation, error) {
	var r recomputation
	err := db.QueryRow(ctx, `SELECT id, as_of, finished_at, records, calendar_gaps
		FROM application_recomputations ORDER BY id DESC LIMIT 1`).Scan(&r.ID, &r.AsOf, &r.FinishedAt, &r.Records, &r.CalendarGaps)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &r, nil
}

// version is what the pages' cache keys its pages by: the recomputation they show.
func (r *recomputation) version() string { return strconv.FormatInt(r.ID, 10) }

// window is the months the pages sum: windowMonths ending with the month of asOf.
type window struct {
	First, Last time.Time // first days of the first and the last month
	AsOf        time.Time
}

func newWindow(asOf time.Time) window {
	last := time.Date(asOf.Year(), asOf.Month(), 1, 0, 0, 0, 0, time.UTC)
	return window{First: last.AddDate(0, 1-windowMonths, 0), Last: last, AsOf: asOf}
}

// previous is the twelve months before w.
func (w window) previous() window {
	return window{First: w.First.AddDate(0, -windowMonths, 0), Last: w.First.AddDate(0, -1, 0), AsOf: w.First.AddDate(0, 0, -1)}
}

// months lists the window's months, first to last.
func (w window) months() []time.Time {
	var ms []time.Time
	for m := w.First; !m.After(w.Last); m = m.AddDate(0, 1, 0) {
		ms = append(ms, m)
	}
	return ms
}

// asOfView is what the pages say of the figures' day: the as-of day, when they were recomputed, and
// the years without an office calendar.
type asOfView struct {
	AsOf, Recomputed, From, To string
	Window                     string // the window's months, as one span
	Gaps                       string // "2019, 2020", or ""
	PartialMonth               bool   // the as-of day is not the last of its month
	LastMonth                  string // the window's last month
}

func newAsOfView(lang i18n.Lang, r *recomputation, w window) asOfView {
	v := asOfView{AsOf: i18n.Date(lang, r.AsOf), From: i18n.Month(lang, w.First), To: i18n.Month(lang, w.Last),
		Recomputed: i18n.Date(lang, r.FinishedAt.In(taipei)) + " " + r.FinishedAt.In(taipei).Format("15:04"),
		Window:     monthSpan(lang, w.First, w.Last), PartialMonth: w.partial(), LastMonth: i18n.Month(lang, w.Last)}
	var gaps []string
	for _, y := range r.CalendarGaps {
		gaps = append(gaps, strconv.Itoa(int(y))) // a year, not a count: no thousands separator
	}
	v.Gaps = strings.Join(gaps, ", ")
	return v
}

// localName is an agency's or a service's name in lang: the English one when there is one.
func localName(lang i18n.Lang, zh, en string) string {
	if lang == i18n.En && en != "" {
		return en
	}
	return zh
}

// today is the current day in Taiwan, as a date.
func today() time.Time {
	y, m, d := time.Now().In(taipei).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
