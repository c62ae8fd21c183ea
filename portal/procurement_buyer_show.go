package portal

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"integrity-portal/internal/web"
	"integrity-portal/portal/procurement/holders"
	"integrity-portal/portal/procurement/store"
)

// buyerView is a buyer's page.
type buyerView struct {
	Flags          holderFlags
	ID, Name, Code string
	Processes      number
	Currency       string
	OtherCurrency  number
	ByYear         []groupRow
	ByMethod       []groupRow
	YearChart      web.BarChart
	MethodChart    web.BarChart
	SingleBid      ratio
	Suppliers      concentrationView
	ListHref       string
	TopShare       string // the top supplier's share of the value, "" when unknown
	Dominant       *shareRow
	Period         string    // the years of the buyer's processes, "" when they have none
	City           *cityView // over Period; nil when there is none, or when it is unavailable
	// CityUnavailable says the city-wide figures could not be had in time: the page says so.
	CityUnavailable bool
	ByName          bool // the data names it by its name alone: its processes are grouped by name
}

// cityView is the city-wide benchmark beside the buyer's figures, over the same years.
type cityView struct {
	SingleBid     ratio
	HHI, TopShare string // medians over Buyers buyers; "" when none had enough awards
	Buyers        number
	MinAwards     number
}

// dominantShare is the top supplier's share of a buyer's awarded value above which the page says in
// words that one supplier dominates: more than half.
const dominantShare = 0.5

// concentrationView is how the buyer's awards are shared among suppliers.
type concentrationView struct {
	Awards, Suppliers number
	Total             amount
	HHI               string // "" when it cannot be computed
	Top               []shareRow
}

type shareRow struct {
	Name, Href string
	Value      amount
	ValueShare string
	Awards     number
	CountShare string
}

// buyerShow is a buyer's page (GET /procurement/buyers/{id}): spend per year and per method, each a
// chart with its table, the single-bid rate, the top suppliers and their share, and the HHI with its n.
func (p *procurement) buyerShow(c *gin.Context) {
	id := c.Param("id")
	if !validID(id) {
		p.answerProblem(c, http.StatusBadRequest, "procurement.bad_buyer")
		return
	}
	page, err := holders.ReadBuyer(c.Request.Context(), p.db, id)
	f := page.Figures
	if err != nil {
		p.notFoundOrRedirect(c, err, store.RoleBuyer, id)
		return
	}
	lang := web.LangOf(c)
	v := buyerView{ID: id, Name: f.Name, Code: strings.TrimPrefix(id, "TW-GOV-"), Processes: number(f.Processes),
		Currency: deref(f.Currency), OtherCurrency: number(f.OtherCurrency),
		SingleBid: ratio{Part: number(f.SingleBid), Whole: number(f.KnownBids)}, ListHref: searchHref("buyer", id)}
	if v.Name == "" {
		v.Name = id
	}
	if v.ByName = strings.HasPrefix(id, store.NamePrefix); v.ByName {
		v.Code = ""
	}
	v.YearChart = web.BarChart{ID: "chart-year", TitleKey: "procurement.buyer.chart_year", DescKey: "chart.desc"}
	for _, g := range f.ByYear {
		r := groupRow{Label: yearLabel(lang, g.Year), N: number(g.N), Value: amount{Value: g.Value, Currency: f.Currency},
			ListHref: listHref(url.Values{"buyer": {id}, "year": {strconv.Itoa(g.Year)}})}
		v.ByYear = append(v.ByYear, r)
		v.YearChart.Bars = append(v.YearChart.Bars, web.Bar{Label: r.Label, Value: r.Value.String(), Size: size(g.Value)})
	}
	v.MethodChart = web.BarChart{ID: "chart-method", TitleKey: "procurement.buyer.chart_method", DescKey: "chart.desc"}
	for _, g := range f.ByMethod {
		key, label := g.Key, p.message(c, "procurement.method.unknown", "—")
		if key != "" {
			label = p.message(c, "procurement.method."+key, key)
		}
		r := groupRow{Label: label, N: number(g.N), Value: amount{Value: g.Value, Currency: f.Currency}}
		if key != "" {
			r.ListHref = listHref(url.Values{"buyer": {id}, "method": {key}})
		}
		v.ByMethod = append(v.ByMethod, r)
		v.MethodChart.Bars = append(v.MethodChart.Bars, web.Bar{Label: r.Label, Value: r.Value.String(), Size: size(g.Value)})
	}
	s := f.Suppliers
	v.Suppliers = concentrationView{Awards: number(s.Awards), Suppliers: number(s.Suppliers),
		Total: amount{Value: s.Total, Currency: f.Currency}}
	if s.HHI != nil {
		v.Suppliers.HHI = number(int(*s.HHI + 0.5)).String()
	}
	for _, t := range s.Top {
		r := shareRow{Name: t.Name, Value: amount{Value: &t.Value, Currency: f.Currency}, Awards: number(t.Awards),
			CountShare: percent(t.CountShare), ValueShare: "—"}
		if t.ValueShare != nil {
			r.ValueShare = percent(*t.ValueShare)
		}
		if r.Name == "" {
			r.Name = t.ID
		}
		if validID(t.ID) {
			r.Href = supplierHref(t.ID)
		}
		v.Suppliers.Top = append(v.Suppliers.Top, r)
	}
	if top := s.Top; len(top) > 0 && top[0].ValueShare != nil {
		v.TopShare = percent(*top[0].ValueShare)
		if *top[0].ValueShare > dominantShare {
			v.Dominant = &v.Suppliers.Top[0]
		}
	}
	if len(f.ByYear) > 0 && f.Currency != nil {
		from, to := f.ByYear[0].Year, f.ByYear[len(f.ByYear)-1].Year
		v.Period = yearLabel(lang, from)
		if to != from {
			v.Period = p.site.Catalogues().T(lang, "procurement.buyer.period_range", yearLabel(lang, from), yearLabel(lang, to))
		}
		wait, cancel := context.WithTimeout(c.Request.Context(), benchmarkWait)
		b, err := p.benchmarks.get(wait, from, to, *f.Currency)
		cancel()
		if err != nil {
			p.site.Warn(c, "city benchmark unavailable", err)
		}
		if b != nil {
			v.City = cityViewOf(*b)
		} else {
			v.CityUnavailable = true
		}
	}
	v.Flags = holderFlagsOf(page.Run, page.Flags, "buyer", id)
	p.site.Render(c, http.StatusOK, p.buyer, "procurement.buyer.title", v)
}

// benchmarkWait is how long a buyer's page waits for the city-wide figures after the data changed.
// Their computation goes on after that, for the next views; this one says they are unavailable
// rather than hold the buyer's own figures back.
const benchmarkWait = 5 * time.Second

// cityViewOf writes the city-wide benchmark.
func cityViewOf(b store.CityBenchmark) *cityView {
	cv := &cityView{SingleBid: ratio{Part: number(b.SingleBid), Whole: number(b.KnownBids)},
		Buyers: number(b.Buyers), MinAwards: number(store.BenchmarkMinAwards)}
	if b.MedianHHI != nil {
		cv.HHI = number(int(*b.MedianHHI + 0.5)).String()
	}
	if b.MedianTopShare != nil {
		cv.TopShare = percent(*b.MedianTopShare)
	}
	return cv
}
