package generate

import (
	"math"
	"time"
)

// outcome decides what came of the tender: its status, bids, award and contract.
func (g *Generator) outcome(d dice, p *plan, favoured int, cartel, shell, planted bool) {
	// When bids are opened and the award decided: on the day after the deadline, and, for
	// proposals (最有利標), after an evaluation of one to four weeks; a negotiated tender without
	// a public period is awarded within a few weeks.
	opening := p.start.AddDate(0, 0, d.between(3, 20))
	if !p.end.IsZero() {
		opening = dayAt(p.end.AddDate(0, 0, 1), 10, 0)
	}
	p.awardDate = opening
	if p.criteria == "ratedCriteria" {
		p.awardDate = opening.AddDate(0, 0, d.between(7, 30))
	} else if d.chance(0.3) {
		p.awardDate = opening.AddDate(0, 0, d.between(1, 3))
	}

	switch {
	case !planted && d.chance(0.01):
		p.status = "cancelled" // 廢標 or withdrawn before opening
		return
	case opening.After(asOf):
		p.status = "active"
		return
	}
	p.bidsOpened = true
	if !planted && p.method.period && d.chance(0.06) {
		p.status = "unsuccessful" // 無法決標: no bids, or none acceptable
		if d.chance(0.4) {
			g.bids(d, p, 1+d.intn(3), favoured, cartel, shell)
			g.prices(d, p, cartel, true)
			for k := range p.bids {
				p.bids[k].disqualified = true
			}
		}
		return
	}
	if p.awardDate.After(asOf) {
		p.status = "active" // opened, not yet awarded
		p.bidsOpened = false
		return
	}
	p.status = "complete"

	n := 1 + d.weighted(g.bidsCum[p.method.details])
	switch {
	case cartel:
		n = len(g.pop.planted.cartel)
	case favoured >= 0 && d.chance(0.8):
		n = 1
	case favoured >= 0:
		n = 2 + d.intn(2)
	}
	g.bids(d, p, n, favoured, cartel, shell)
	p.winner = 0
	g.prices(d, p, cartel, planted)

	if favoured >= 0 {
		p.patterns |= Favoured
		if n == 1 && p.method.code != "limited" {
			p.patterns |= SingleBid
		}
	}
	if shell {
		p.patterns |= ShellWinner
	}
	if p.agency == g.pop.planted.disqualifyingAgent && len(p.bids) > 1 {
		p.patterns |= Disqualifying
	}
	if !planted && len(p.bids) > 1 && !p.patterns.Has(Disqualifying) && !p.end.IsZero() && d.chance(0.002) {
		// The winner's bid arrived after the deadline and was accepted.
		p.bids[0].date = p.end.Add(time.Duration(1+d.intn(5)) * time.Hour)
		p.patterns |= LateBidWon
	}
	if !planted && len(p.bids) > 1 && !p.bids[1].disqualified && d.chance(0.005) {
		p.reawarded = true // the runner-up's award was cancelled, and the next bidder awarded
	}
	g.contract(d, p)
}

// bids makes n bids: bid 0 is by the winner-to-be (the favoured supplier, the cartel member whose
// turn it is, the shell firm, or a firm of the trade), the others by distinct firms of the trade.
func (g *Generator) bids(d dice, p *plan, n int, favoured int, cartel, shell bool) {
	pop := g.pop
	c := &pop.planted
	first := g.supplierOf(d, p.trade)
	switch {
	case cartel:
		first = c.cartel[p.i%len(c.cartel)]
		p.patterns |= Rotation
	case favoured >= 0:
		first = favoured
	case shell:
		first = c.shell
	}
	taken := map[int]bool{first: true}
	p.bids = []bid{{suppliers: []int{first}}}
	if trades[p.trade].category == "works" && favoured < 0 && !cartel && !shell && d.chance(0.04) {
		partner := g.supplierOf(d, pop.tradeByKey["mep"])
		if !taken[partner] {
			taken[partner] = true
			p.bids[0].suppliers = append(p.bids[0].suppliers, partner)
		}
	}
	for k := 1; k < n; k++ {
		s := -1
		if cartel {
			s = c.cartel[(p.i+k)%len(c.cartel)]
		} else {
			for try := 0; try < 20 && (s < 0 || taken[s]); try++ {
				s = g.supplierOf(d, p.trade)
			}
			if taken[s] {
				continue
			}
		}
		taken[s] = true
		p.bids = append(p.bids, bid{suppliers: []int{s}})
	}
	// Bids arrive during the tender period, or soon after the start of a negotiated tender.
	for k := range p.bids {
		if p.end.IsZero() {
			p.bids[k].date = p.start.AddDate(0, 0, 1+d.intn(3))
		} else {
			span := p.end.Sub(p.start)
			p.bids[k].date = p.start.Add(time.Duration(d.uniform(0.2, 0.99) * float64(span))).Truncate(time.Minute)
		}
	}
}

// supplierOf picks a firm of a trade, the successful ones more often.
func (g *Generator) supplierOf(d dice, trade int) int {
	return g.pop.pools[trade][d.weighted(g.pop.poolCum[trade])]
}

// prices sets the bids' amounts and statuses. With the lowest price (最低標) the winner bid lowest,
// 2–15% under the others; with proposals (最有利標) prices fall either side of it.
func (g *Generator) prices(d dice, p *plan, cartel, planted bool) {
	budget := float64(p.budget)
	var ratio float64
	switch p.criteria {
	case "priceOnly":
		ratio = d.uniform(0.78, 0.99)
	case "ratedCriteria":
		ratio = d.uniform(0.93, 1.0)
	default:
		ratio = d.uniform(0.95, 1.0)
	}
	heavy := !planted && p.criteria == "priceOnly" && len(p.bids) > 1 && len(p.bids[0].suppliers) == 1 && d.chance(0.004)
	if heavy {
		ratio = d.uniform(0.45, 0.52)
		p.patterns |= HeavyDiscount
	}
	win := budget * ratio
	p.bids[0].amount = roundBid(win)

	identical := cartel && d.chance(0.5)
	disqualifyRate := 0.04
	if p.agency == g.pop.planted.disqualifyingAgent {
		disqualifyRate = 0.45
	}
	for k := 1; k < len(p.bids); k++ {
		b := &p.bids[k]
		switch {
		case heavy:
			b.amount = roundBid(budget * d.uniform(0.85, 0.99))
		case cartel && identical:
			b.amount = roundBid(win * d.uniform(1.001, 1.008))
		case p.criteria == "priceOnly":
			b.amount = roundBid(win * d.uniform(1.02, 1.15))
		default:
			b.amount = roundBid(win * d.uniform(0.92, 1.08))
		}
		switch {
		case cartel:
			b.disqualified = !identical
		case heavy:
			// valid, so the discount is measured against them
		default:
			b.disqualified = d.chance(disqualifyRate)
		}
	}
	if cartel && identical && len(p.bids) > 2 {
		p.bids[2].amount = p.bids[1].amount
		p.patterns |= IdenticalBids
	} else if cartel {
		p.patterns |= CoverBids
	}
	if !planted && !heavy && p.criteria == "priceOnly" && len(p.bids) > 1 && d.chance(0.005) {
		// A cheaper bid, by another firm, was disqualified.
		s := g.supplierOf(d, p.trade)
		if !bidBy(p.bids, s) {
			p.bids = append(p.bids, bid{suppliers: []int{s}, amount: roundBid(win * d.uniform(0.90, 0.97)),
				date: p.bids[0].date.Add(-time.Hour), disqualified: true})
			p.patterns |= LowestDisqualified
		}
	}
}

// contract signs the contract a few days after the award, with its period and, sometimes, an
// amendment: a change of design or a budget increase (變更設計, 追加預算), or an extension.
func (g *Generator) contract(d dice, p *plan) {
	signed := dayAt(p.awardDate.AddDate(0, 0, d.between(3, 20)), 14, 0)
	if signed.After(asOf) {
		return
	}
	p.signed = signed
	p.contractVal = p.bids[0].amount
	var months int
	switch trades[p.trade].category {
	case "works":
		months = [...]int{bandSmall: 2, bandNotice: 6, bandAudit: 14, bandHuge: 30}[p.band] + d.intn(6)
	case "goods":
		months = 1 + d.intn(3)
	default:
		months = 6 + d.intn(7)
	}
	p.contractEnd = dayAt(signed.AddDate(0, months, 0), 23, 59)
	rate := 0.05
	if trades[p.trade].category == "works" {
		rate = 0.15
	}
	if !d.chance(rate) {
		return
	}
	at := dayAt(signed.Add(time.Duration(d.uniform(0.3, 0.9)*float64(p.contractEnd.Sub(signed)))), 10, 0)
	if at.After(asOf) {
		return
	}
	a := &contractAmendment{date: at}
	switch d.intn(3) {
	case 0:
		a.rationale, a.description = "變更設計", "因現場狀況辦理變更設計，契約金額增加"
		p.contractVal = roundBid(float64(p.contractVal) * d.uniform(1.03, 1.25))
	case 1:
		a.rationale, a.description = "追加預算", "追加預算辦理擴充數量"
		p.contractVal = roundBid(float64(p.contractVal) * d.uniform(1.05, 1.30))
	default:
		a.rationale, a.description = "展延工期", "因天候因素展延履約期限"
		p.contractEnd = p.contractEnd.AddDate(0, 0, d.between(15, 90))
	}
	p.amendment = a
}

// roundBid rounds a price to the dollar: bids are exact amounts, so two firms seldom bid the same.
func roundBid(v float64) int64 { return int64(math.Round(v)) }

func bidBy(bids []bid, s int) bool {
	for _, b := range bids {
		for _, x := range b.suppliers {
			if x == s {
				return true
			}
		}
	}
	return false
}
