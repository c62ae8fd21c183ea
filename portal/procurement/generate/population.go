package generate

import (
	"slices"

	"integrity-portal/portal/procurement/pcc"
)

// org is a buyer or supplier as the releases name it: party id, name and code.
type org struct {
	id, name, code, scheme string
}

func agencyOrg(a agencySpec) org {
	return org{id: pcc.SchemeAgency + "-" + a.code, name: a.name, code: a.code, scheme: pcc.SchemeAgency}
}

// supplier is a firm of the population, in the pools of one to three trades.
type supplier struct {
	org
	trades []int
}

// population is the fixed cast of every data set made from one seed: the same suppliers, in the
// same pools, and the same planted actors, however many processes are made.
type population struct {
	suppliers   []supplier
	pools       [][]int     // per trade: indices of its suppliers, most successful first
	poolCum     [][]float64 // per trade: cumulative weights of its pool (a long tail)
	agencyCum   []float64
	tradeCum    []float64
	tradeByKey  map[string]int
	agencyFocus [][]int // per agency: its focus trades
	planted     plantedCast
}

// plantedCast are the actors of the planted patterns (see Pattern).
type plantedCast struct {
	pairs              []pair
	cartelAgency       int
	cartelTrade        int
	cartel             []int // supplier indices
	disqualifyingAgent int   // agency that disqualifies many bids
	shell              int   // supplier index of the firm that wins anything
}

// pair is a buyer that gives most of one trade to one supplier.
type pair struct {
	agency, trade, supplier int
}

// newPopulation builds the cast from the seed.
func newPopulation(seed uint64) *population {
	d := newDice(seed, 1<<63)
	p := &population{tradeByKey: map[string]int{}}
	for i, t := range trades {
		p.tradeByKey[t.key] = i
	}
	weights := make([]float64, len(agencies))
	for i, a := range agencies {
		weights[i] = a.weight
		var focus []int
		for _, k := range a.focus {
			focus = append(focus, p.tradeByKey[k])
		}
		p.agencyFocus = append(p.agencyFocus, focus)
	}
	p.agencyCum = cumulate(weights)
	tw := make([]float64, len(trades))
	for i, t := range trades {
		tw[i] = t.weight
	}
	p.tradeCum = cumulate(tw)

	usedUBN := map[string]bool{}
	usedName := map[string]bool{}
	newSupplier := func(t int, ind industry) int {
		var o org
		for {
			o.code = ubnFrom(d.intn(10_000_000))
			if !usedUBN[o.code] {
				break
			}
		}
		usedUBN[o.code] = true
		for {
			a, b := tradeNameChars[d.intn(len(tradeNameChars))], tradeNameChars[d.intn(len(tradeNameChars))]
			name := string([]rune{a, b}) + ind.word
			if ind.company {
				name += d.pick(companyForms)
			}
			if a != b && !usedName[name] {
				o.name = name
				break
			}
		}
		usedName[o.name] = true
		o.scheme = pcc.SchemeUBN
		o.id = pcc.SchemeUBN + "-" + o.code
		p.suppliers = append(p.suppliers, supplier{org: o, trades: []int{t}})
		return len(p.suppliers) - 1
	}

	p.pools = make([][]int, len(trades))
	for t, spec := range trades {
		for range spec.suppliers {
			s := newSupplier(t, spec.industries[d.intn(len(spec.industries))])
			p.pools[t] = append(p.pools[t], s)
		}
	}
	// Many firms also work in a related trade of another class (a plumber maintains air
	// conditioners, a computer dealer runs systems), about as successfully as in their own.
	primary := make([][]int, len(trades))
	for t := range trades {
		primary[t] = slices.Clone(p.pools[t])
	}
	for t, pool := range primary {
		for rank, s := range pool {
			rel := relatedTrades[trades[t].key]
			if len(rel) == 0 || !d.chance(0.4) {
				continue
			}
			t2 := p.tradeByKey[rel[d.intn(len(rel))]]
			at := min(rank*len(primary[t2])/len(pool)+d.intn(5), len(p.pools[t2]))
			p.suppliers[s].trades = append(p.suppliers[s].trades, t2)
			p.pools[t2] = slices.Insert(p.pools[t2], at, s)
		}
	}
	p.poolCum = make([][]float64, len(trades))
	for t := range trades {
		p.poolCum[t] = zipf(len(p.pools[t]), 1.1, 8)
	}

	p.plant(d, newSupplier)
	return p
}

// plant chooses the actors of the planted patterns: four buyer–supplier pairs, a cartel of four
// road builders at a district office, a department that disqualifies many bids, and a firm that
// wins in every trade.
func (p *population) plant(d dice, newSupplier func(int, industry) int) {
	c := &p.planted
	road := p.tradeByKey["road"]
	c.cartelAgency = indexOfAgency("臺中市太平區公所")
	c.cartelTrade = road
	for len(c.cartel) < 4 {
		// Small firms, far down the tail: outside the cartel they seldom bid.
		s := p.pools[road][400+d.intn(500)]
		if !slices.Contains(c.cartel, s) {
			c.cartel = append(c.cartel, s)
		}
	}
	c.disqualifyingAgent = indexOfAgency("臺中市政府農業局")
	for _, pr := range []struct{ agency, trade string }{
		{"臺中市政府秘書處", "office"}, {"臺中市政府警察局", "it"},
		{"臺中市北屯區公所", "building"}, {"臺中市政府觀光旅遊局", "events"},
	} {
		t := p.tradeByKey[pr.trade]
		s := p.pools[t][10+d.intn(100)]
		c.pairs = append(c.pairs, pair{agency: indexOfAgency(pr.agency), trade: t, supplier: s})
	}
	c.shell = newSupplier(p.tradeByKey["supplies"], industry{"實業", true})
}

func indexOfAgency(name string) int {
	for i, a := range agencies {
		if a.name == name {
			return i
		}
	}
	panic("generate: no agency " + name)
}

// relatedTrades are the trades, of other classes, that firms of a trade also take on.
var relatedTrades = map[string][]string{
	"road":        {"cleaning"},
	"mep":         {"maintenance"},
	"maintenance": {"mep", "vehicles"},
	"it":          {"itsvc", "office"},
	"itsvc":       {"it"},
	"office":      {"supplies", "it"},
	"supplies":    {"cleaning", "office"},
	"cleaning":    {"supplies"},
	"vehicles":    {"maintenance"},
	"books":       {"events"},
	"events":      {"books"},
	"consulting":  {"itsvc"},
}
