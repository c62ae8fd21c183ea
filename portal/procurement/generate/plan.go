package generate

import (
	"fmt"
	"math"
	"strings"
	"time"

	"integrity-portal/portal/procurement/pcc"
)

// The data's time span: tenders start from firstDay to asOf, and nothing happens after asOf (later
// awards, contracts and amendments have not happened yet).
var (
	firstDay = time.Date(2019, 1, 1, 0, 0, 0, 0, pcc.Taipei)
	asOf     = time.Date(2025, 12, 31, 23, 59, 59, 0, pcc.Taipei)
	spanDays = int(asOf.Sub(firstDay).Hours()/24) + 1
)

// plan is one contracting process, decided before it is written as a release.
type plan struct {
	i           int
	agency      int
	trade       int
	title       string
	band        band
	method      method
	criteria    string // priceOnly, ratedCriteria, or "" (limited tenders: negotiated)
	budget      int64
	start, end  time.Time // end is zero without a tender period
	amendedAt   time.Time // a 更正公告 extended the period (zero if none)
	status      string    // active, complete, unsuccessful, cancelled
	bidsOpened  bool      // numberOfTenderers is known
	bids        []bid     // bids[winner] won, if complete
	winner      int
	reawarded   bool // a first award, to the runner-up, was cancelled
	awardDate   time.Time
	signed      time.Time // contract signed (zero if no contract yet)
	contractEnd time.Time
	contractVal int64
	amendment   *contractAmendment
	patterns    Pattern
}

// bid is one bid: its tenderers (two or more for a joint bid, 共同投標), amount, date and status.
type bid struct {
	suppliers    []int
	amount       int64
	date         time.Time
	disqualified bool
}

type contractAmendment struct {
	date                   time.Time
	rationale, description string
}

// plan decides process i.
func (g *Generator) plan(i int) *plan {
	d := newDice(g.seed, uint64(i))
	pop := g.pop
	c := &pop.planted
	p := &plan{i: i, winner: -1}
	p.agency = d.weighted(pop.agencyCum)
	a := agencies[p.agency]
	p.start = firstDay.AddDate(0, 0, d.intn(spanDays)).Add(time.Duration(9*60+30*d.intn(16)) * time.Minute)
	p.title, p.trade = g.title(d, p.agency, p.start.Year()-1911)
	t := trades[p.trade]

	favoured := -1
	for _, pr := range c.pairs {
		if pr.agency == p.agency && pr.trade == p.trade && d.chance(0.7) {
			favoured = pr.supplier
		}
	}
	cartel := p.agency == c.cartelAgency && p.trade == c.cartelTrade && d.chance(0.6)
	shell := favoured < 0 && !cartel && d.chance(0.006)
	planted := favoured >= 0 || cartel || shell

	p.band = band(d.weighted(g.bandCum[a.kind]))
	if cartel || (favoured >= 0 && p.band > bandNotice) {
		p.band = bandNotice // the cartel's road works, and favours, stay under the 查核金額
	}
	lo, hi := bandRange(p.band, t.category)
	p.budget = roundDown(d.logUniform(lo, hi))

	methods, weights := methodsByBand(p.band, t.category)
	p.method = methods[d.weighted(cumulate(weights))]
	switch {
	case cartel:
		p.method = methodOpen
	case favoured >= 0 && d.chance(0.5):
		p.method = methodLimited
	case favoured >= 0 && p.band == bandSmall:
		p.method = methodQuotation
	case favoured >= 0:
		p.method = methodOpen
	}
	rated := 0.12 // share of 最有利標 among open and selective tenders from the 公告金額
	if t.category == "services" {
		rated = 0.4
	}
	switch {
	case p.method == methodEvaluated:
		p.criteria = "ratedCriteria"
	case p.method == methodLimited:
	case p.band >= bandNotice && d.chance(rated):
		p.criteria = "ratedCriteria"
	default:
		p.criteria = "priceOnly"
	}

	g.period(d, p, planted)
	g.outcome(d, p, favoured, cartel, shell, planted)
	return p
}

// title writes a tender title like 114年度西屯區道路改善工程(第2期), and returns it with its trade. The
// benchmark keywords take their fixed shares of titles first.
func (g *Generator) title(d dice, agency, rocYear int) (string, int) {
	var b strings.Builder
	if d.intn(10) < 7 {
		fmt.Fprintf(&b, "%d年度", rocYear)
	}
	b.WriteString(d.pick(places))
	pop := g.pop
	var trade int
	switch u := d.float(); {
	case u < 0.05:
		trade = pop.tradeByKey["mep"]
		if d.chance(0.5) {
			trade = pop.tradeByKey["maintenance"]
		}
		b.WriteString(KeywordCommon + d.pick(trades[trade].actions))
	case u < 0.051:
		trade = pop.tradeByKey["consulting"]
		b.WriteString("大坑" + KeywordSelective + "可行性評估委託專業服務")
	case u < 0.056:
		trade = pop.tradeByKey["road"]
		b.WriteString("轄內" + KeywordFour + "工程")
	default:
		if focus := pop.agencyFocus[agency]; d.chance(0.7) {
			trade = focus[d.intn(len(focus))]
		} else {
			trade = d.weighted(pop.tradeCum)
		}
		b.WriteString(d.pick(trades[trade].objects) + d.pick(trades[trade].actions))
	}
	if d.intn(5) == 0 {
		fmt.Fprintf(&b, "(第%d期)", 1+d.intn(4))
	}
	return b.String(), trade
}

// period sets the tender period: at least the legal minimum of the band, or (ShortPeriod) a few
// days; some periods are extended by a 更正公告.
func (g *Generator) period(d dice, p *plan, planted bool) {
	if !p.method.period {
		return
	}
	days := minTenderDays[p.band] + d.between(0, 14)
	if p.method == methodEvaluated {
		days += 7 // proposals take longer to write
	}
	if !planted && d.chance(0.01) {
		days = d.between(1, 4)
		p.patterns |= ShortPeriod
	}
	p.end = dayAt(p.start.AddDate(0, 0, days), 17, 0)
	if !p.patterns.Has(ShortPeriod) && d.chance(0.08) {
		p.amendedAt = dayAt(p.start.AddDate(0, 0, d.between(1, days-1)), 10, 0)
		p.end = p.end.AddDate(0, 0, d.between(3, 7))
	}
}

// roundDown rounds an amount down to NT$1,000 (NT$10,000 from a million), as budgets are written.
func roundDown(v float64) int64 {
	unit := 1000.0
	if v >= 1e6 {
		unit = 10000
	}
	return int64(math.Floor(v/unit) * unit)
}

// dayAt returns the day of t at hh:mm in Taipei.
func dayAt(t time.Time, hh, mm int) time.Time {
	y, m, dd := t.In(pcc.Taipei).Date()
	return time.Date(y, m, dd, hh, mm, 0, 0, pcc.Taipei)
}
