package admin

import (
	"net/http"
	"net/url"
	"time"

	"github.com/gin-gonic/gin"

	"integrity-portal/internal/i18n"
	"integrity-portal/internal/web"
)

type statsPage struct {
	Stats     Stats
	From      string
	To        string
	Query     url.Values
	Sections  []statSection
	Referrals []labelledCount
	Deadlines []deadlineLine
	Kept      web.BarChart // the share of each deadline kept, as bars
}

// deadlineLine is one deadline's rate as the page words it.
type deadlineLine struct {
	Name string // the deadline, with its days
	Rate string // "18 / 20 (90%)"
}

// statSection is one breakdown as the page shows it: its rows in words, and the same as bars.
type statSection struct {
	Dim   string
	Rows  []labelledCount
	Chart web.BarChart
}

type labelledCount struct {
	Label string
	N     int
}

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

// statRowLabel names one row of a breakdown in lang: a code by its label, a category by the form's
// word for it, an agency by its name.
func statRowLabel(cat i18n.Catalogues, lang i18n.Lang, dim string, r StatRow) string {
	switch dim {
	case "agency":
		if r.Key == "" {
			return cat.T(lang, "admin.stats.no_agency")
		}
		if lang == i18n.En && r.NameEn != "" {
			return r.NameEn
		}
		return r.Key
	case "category":
		if m, ok := cat[lang]["stats.category."+r.Key]; ok {
			return m
		}
		return r.Key
	}
	return cat.Label(lang, dim, r.Key) // kind, channel, status, outcome: Labelled has each
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
	p := statsPage{Stats: s, From: ft, To: tt, Query: url.Values{"from": {ft}, "to": {tt}}}
	cat, lang := a.Site.Catalogues(), web.LangOf(c)
	for _, dim := range Dimensions {
		sec := statSection{Dim: dim}
		for _, r := range s.ByDimension[dim] {
			sec.Rows = append(sec.Rows, labelledCount{statRowLabel(cat, lang, dim, r), r.N})
		}
		sec.Chart = rowsChart(dim, sec.Rows) // bars named as the table's rows are
		p.Sections = append(p.Sections, sec)
	}
	p.Kept = web.BarChart{ID: "chart-deadlines", TitleKey: "admin.stats.deadlines", DescKey: "chart.desc", Max: 100}
	for _, r := range s.Deadlines {
		name := cat.T(lang, "admin.stats.deadline."+r.Kind, r.Days)
		p.Deadlines = append(p.Deadlines, deadlineLine{name, r.Text()})
		if r.Due > 0 {
			pct := r.Met * 100 / r.Due
			short := cat.T(lang, "admin.stats.deadline_short."+r.Kind, r.Days) // a bar's label is one line, even on a phone
			p.Kept.Bars = append(p.Kept.Bars, web.Bar{Label: short, Value: r.Text(), Size: float64(max(pct, 0))})
		}
	}
	for _, r := range s.Referrals {
		p.Referrals = append(p.Referrals, labelledCount{cat.Label(lang, "referral", r.Kind) + " · " + cat.Label(lang, "addressee", r.Addressee), r.N})
	}
	a.Site.Render(c, http.StatusOK, a.pages.stats, "admin.stats.title", p)
}
