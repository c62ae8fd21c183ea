package generate

import (
	"fmt"
	"iter"

	"integrity-portal/portal/procurement/ocds"
)

// DefaultOCIDPrefix marks generated data: it is no registered OCDS prefix, so generated ocids never
// collide with real ones.
const DefaultOCIDPrefix = "ocds-demo"

// Options choose a data set.
type Options struct {
	Seed       uint64 // the same seed makes the same data
	OCIDPrefix string // "" means DefaultOCIDPrefix
}

// Generator makes the processes of one data set. It is safe for concurrent use: each process is
// made from its own random stream.
type Generator struct {
	seed    uint64
	prefix  string
	pop     *population
	bandCum map[agencyKind][]float64
	bidsCum map[string][]float64
}

// New returns the generator of the data set chosen by opts. Building its population (some
// thousands of firms) takes a few milliseconds.
func New(opts Options) *Generator {
	g := &Generator{seed: opts.Seed, prefix: opts.OCIDPrefix, pop: newPopulation(opts.Seed),
		bandCum: map[agencyKind][]float64{}, bidsCum: map[string][]float64{}}
	if g.prefix == "" {
		g.prefix = DefaultOCIDPrefix
	}
	for k, w := range bandWeights {
		g.bandCum[k] = cumulate(w)
	}
	for m, w := range bidsByMethod {
		g.bidsCum[m] = cumulate(w)
	}
	return g
}

// Release returns the compiled release of process i (i ≥ 0).
func (g *Generator) Release(i int) ocds.Release { return g.render(g.plan(i)) }

// Releases yields the compiled releases of processes 0 to n−1, one at a time.
func (g *Generator) Releases(n int) iter.Seq[ocds.Release] {
	return func(yield func(ocds.Release) bool) {
		for i := range n {
			if !yield(g.Release(i)) {
				return
			}
		}
	}
}

// Patterns returns the red-flag patterns planted in process i.
func (g *Generator) Patterns(i int) Pattern { return g.plan(i).patterns }

// Cast names the actors of the planted patterns by party id, for checking what the indicators find.
type Cast struct {
	CartelBuyer        string      // the district office where the cartel bids (Rotation, CoverBids)
	Cartel             []string    // the cartel's members
	DisqualifyingBuyer string      // the department that disqualifies many bids (Disqualifying)
	Shell              string      // the firm that wins in every trade (ShellWinner)
	Favoured           [][2]string // buyer and supplier of each favoured pair (Favoured)
}

// Cast returns the actors of the planted patterns.
func (g *Generator) Cast() Cast {
	c := &g.pop.planted
	out := Cast{
		CartelBuyer:        agencyOrg(agencies[c.cartelAgency]).id,
		DisqualifyingBuyer: agencyOrg(agencies[c.disqualifyingAgent]).id,
		Shell:              g.pop.suppliers[c.shell].id,
	}
	for _, s := range c.cartel {
		out.Cartel = append(out.Cartel, g.pop.suppliers[s].id)
	}
	for _, pr := range c.pairs {
		out.Favoured = append(out.Favoured, [2]string{agencyOrg(agencies[pr.agency]).id, g.pop.suppliers[pr.supplier].id})
	}
	return out
}

// ocid is {prefix}-{機關代碼}-{標案案號}, the shape the notice importer gives, with the process number
// in the 標案案號 so that it is unique.
func (g *Generator) ocid(p *plan) string {
	return g.prefix + "-" + agencies[p.agency].code + "-" + tenderID(p)
}

// tenderID is a 標案案號: the ROC year of the tender, a letter for its category, and the process
// number.
func tenderID(p *plan) string {
	letter := map[string]string{"works": "E", "goods": "P", "services": "S"}[trades[p.trade].category]
	return fmt.Sprintf("%d%s%07d", p.start.Year()-1911, letter, p.i)
}
