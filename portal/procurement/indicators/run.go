package indicators

import (
	"io"
)

// indicator is one red flag. fold sees each eligible release once, in input order; finalize runs
// once after the last release, to apply dataset-wide fences.
type indicator interface {
	fold(r *release, st *state)
	finalize(st *state)
}

// state is what the indicators share during a run.
type state struct {
	result   *Result
	currency mainCurrency
	// secondLowest is filled when R024 or R058 is enabled.
	secondLowest map[string]bidRatio
}

// mainCurrency is cardinal's main currency: the configured one, or the first currency offered
// to accepts (cardinal's "first observed currency").
type mainCurrency struct {
	code string
	set  bool
}

// accepts fixes the main currency on first use and reports whether c is the main currency.
func (m *mainCurrency) accepts(c string) bool {
	if !m.set {
		m.code, m.set = c, true
	}
	return c == m.code
}

// Run computes every enabled indicator over compiled releases read as JSON Lines from r, one
// release per line. Blank lines are ignored; a line that is not a JSON object with a string
// /ocid is skipped and recorded in Result.Skipped, as cardinal skips it with a warning. Only a
// read error stops the run.
func Run(r io.Reader, s Settings) (*Result, error) {
	inds := build(s)
	st := &state{result: newResult()}
	if s.Currency != "" {
		st.currency = mainCurrency{code: s.Currency, set: true}
	}
	excluded := newStringSet(s.Exclusions.ProcurementMethodDetails)

	err := decodeLines(r, excluded, func(n int, rel *release, err error) {
		if err != nil {
			st.result.skip(n, err)
			return
		}
		for _, ind := range inds {
			ind.fold(rel, st)
		}
	})
	if err != nil {
		return nil, err
	}
	for _, ind := range inds {
		ind.finalize(st)
	}
	return st.result, nil
}

// build returns the enabled indicators in cardinal's order, which matters only for the choice of
// the main currency (the first currency that an amount-based indicator looks at).
func build(s Settings) []indicator {
	var inds []indicator
	priceOnly := priceComparison{
		include: newStringSet(s.PriceComparisonProcurementMethods),
		exclude: newStringSet(s.NoPriceComparisonProcurementMethods),
	}
	if s.R024 != nil || s.R058 != nil {
		inds = append(inds, &secondLowestBid{priceComparison: priceOnly})
	}
	if s.R003 != nil {
		inds = append(inds, newR003(*s.R003))
	}
	if s.R018 != nil {
		inds = append(inds, newR018(*s.R018))
	}
	if s.R024 != nil {
		inds = append(inds, &r024{threshold: s.R024.Threshold})
	}
	if s.R025 != nil {
		inds = append(inds, newR025(*s.R025))
	}
	if s.R028 != nil {
		inds = append(inds, &r028{priceComparison: priceOnly})
	}
	if s.R030 != nil {
		inds = append(inds, r030{})
	}
	if s.R035 != nil {
		inds = append(inds, newR035(*s.R035))
	}
	if s.R036 != nil {
		inds = append(inds, &r036{priceComparison: priceOnly})
	}
	if s.R038 != nil {
		inds = append(inds, newR038(*s.R038))
	}
	if s.R048 != nil {
		inds = append(inds, newR048(*s.R048))
	}
	if s.R058 != nil {
		inds = append(inds, &r058{threshold: s.R058.Threshold})
	}
	return inds
}

// priceComparison selects the releases on which price-based indicators run, from
// /tender/procurementMethodDetails: an allow list (price_comparison_procurement_methods) or else
// a deny list (no_price_comparison_procurement_methods).
type priceComparison struct {
	include, exclude stringSet
}

func (p priceComparison) applies(r *release) bool {
	return r.matchesProcurementMethodDetails(p.include, p.exclude)
}

// noFinalize is embedded by indicators that flag each release on its own.
type noFinalize struct{}

func (noFinalize) finalize(*state) {}
