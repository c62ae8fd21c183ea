package portal

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"integrity-portal/internal/database"
	"integrity-portal/internal/i18n"
	"integrity-portal/internal/web"
	"integrity-portal/portal/procurement/store"
)

// procurement holds what the procurement pages need; its methods are their handlers.
type procurement struct {
	site                                      *web.Site
	db                                        database.DB
	search                                    Searcher
	tenders, tender, supplier, buyer, problem *web.PageTemplate
	benchmarks                                *benchmarks // city-wide figures for buyers' pages
}

// Searcher runs the tender search as store.Search does; store.Searcher does it in memory.
type Searcher interface {
	Search(ctx context.Context, q store.Query) (store.Page, error)
}

// sqlSearch is store.Search on db.
type sqlSearch struct{ db database.DB }

func (s sqlSearch) Search(ctx context.Context, q store.Query) (store.Page, error) {
	return store.Search(ctx, s.db, q)
}

func newProcurement(site *web.Site, db database.DB, search Searcher) *procurement {
	if search == nil {
		search = sqlSearch{db}
	}
	return &procurement{site: site, db: db, search: search, benchmarks: newBenchmarks(db),
		tenders:  site.Page("portal/procurement_tenders"),
		tender:   site.Page("portal/procurement_tender"),
		supplier: site.Page("portal/procurement_supplier"),
		buyer:    site.Page("portal/procurement_buyer"),
		problem:  site.Page("portal/procurement_problem"),
	}
}

// problemPage is what the problem page says: why the address gives no page (400 or 404).
type problemPage struct {
	Key string // messages Key.title and Key.body
}

// answerProblem answers status with the problem page under the messages key.title and key.body.
func (p *procurement) answerProblem(c *gin.Context, status int, key string) {
	p.site.Render(c, status, p.problem, key+".title", problemPage{Key: key})
}

// maxID bounds the ids and ocids in addresses, in characters.
const maxID = 200

// validID reports whether s can be an ocid or a party id: 1 to maxID characters of valid UTF-8, with
// no control characters and no space at either end. Anything else is a malformed address (400), not
// an unknown one (404).
func validID(s string) bool {
	if s == "" || !utf8.ValidString(s) || utf8.RuneCountInString(s) > maxID || strings.TrimSpace(s) != s {
		return false
	}
	return !strings.ContainsFunc(s, unicode.IsControl)
}

// Addresses of the procurement pages.
func tenderHref(ocid string) string { return "/procurement/tenders/" + url.PathEscape(ocid) }
func supplierHref(id string) string { return "/procurement/suppliers/" + url.PathEscape(id) }
func buyerHref(id string) string    { return "/procurement/buyers/" + url.PathEscape(id) }
func listHref(q url.Values) string  { return withQuery("/procurement/tenders", q) }
func searchHref(k, v string) string { return listHref(url.Values{k: {v}}) }

// withQuery is path with the query q, if any.
func withQuery(path string, q url.Values) string {
	if len(q) == 0 {
		return path
	}
	return path + "?" + q.Encode()
}

// taipei is Taiwan time, where the office is: dates are shown as they were in Taiwan.
var taipei = time.FixedZone("Asia/Taipei", 8*60*60)

// local returns t in Taiwan time, or nil.
func local(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	l := t.In(taipei)
	return &l
}

// yearLabel writes a Western year for lang: with its ROC year in zh-TW (民國113年（2024）).
func yearLabel(lang i18n.Lang, y int) string {
	if lang == i18n.En {
		return strconv.Itoa(y)
	}
	return "民國" + strconv.Itoa(i18n.ROCYear(y)) + "年（" + strconv.Itoa(y) + "）"
}

// message returns key's message in lang, or fallback when the catalogue has none (codes from data).
func (p *procurement) message(c *gin.Context, key, fallback string) string {
	if m, ok := p.site.Catalogues()[web.LangOf(c)][key]; ok {
		return m
	}
	return fallback
}

// notFoundOrFail answers a store error: 404 with the problem page under key when nothing has the id,
// else 500.
func (p *procurement) notFoundOrFail(c *gin.Context, err error, notFound bool, key string) {
	if notFound {
		p.answerProblem(c, http.StatusNotFound, key)
		return
	}
	p.site.Fail(c, err)
}
