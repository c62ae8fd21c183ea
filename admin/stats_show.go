package admin

import (
	"net/http"
	"net/url"
	"time"

	"github.com/gin-gonic/gin"

	"integrity-portal/internal/web"
)

type statsPage struct {
	Stats  Stats
	From   string
	To     string
	Query  url.Values
	Charts map[string]web.BarChart
}

// Dimensions lists the breakdowns in page order.
func (statsPage) Dimensions() []string { return Dimensions }

// statsPeriod reads the period from the query: from and to as dates (to inclusive), by default the
// current year so far.
func statsPeriod(c *gin.Context) (from, to time.Time, fromText, toText string) {
	now := time.Now().In(taipei)
	from = time.Date(now.Year(), 1, 1, 0, 0, 0, 0, taipei)
	to = time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, taipei)
	if t, err := time.ParseInLocation("2006-01-02", c.Query("from"), taipei); err == nil {
		from = t
	}
	if t, err := time.ParseInLocation("2006-01-02", c.Query("to"), taipei); err == nil && !t.Before(from) {
		to = t
	}
	return from, to.AddDate(0, 0, 1), from.Format("2006-01-02"), to.Format("2006-01-02")
}

// statsShow is the integrity meeting report (GET /admin/stats): tables with a chart beside each,
// printable.
func (a *Admin) statsShow(c *gin.Context) {
	from, to, ft, tt := statsPeriod(c)
	s, err := ComputeStats(c.Request.Context(), a.DB, a.Deadlines, from, to)
	if err != nil {
		a.Site.Fail(c, err)
		return
	}
	p := statsPage{Stats: s, From: ft, To: tt, Query: url.Values{"from": {ft}, "to": {tt}}, Charts: map[string]web.BarChart{}}
	messages := a.Site.Catalogues()[web.LangOf(c)]
	for dim, rows := range s.ByDimension {
		// Bars are labelled as the table's rows are: the key's name where the catalogue has one.
		p.Charts[dim] = rowsChart(dim, rows, func(key string) string {
			if m, ok := messages["stats."+dim+"."+key]; ok {
				return m
			}
			return key
		})
	}
	a.Site.Render(c, http.StatusOK, a.pages.stats, "admin.stats.title", p)
}
