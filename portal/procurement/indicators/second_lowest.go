package indicators

// bidRatio is, for one contracting process, the percentage difference between the winning bid
// and the lowest losing valid bid, with the two tenderers.
type bidRatio struct {
	ratio          float64 // (lowestLosing − winning) / winning
	winner, runner string
}

// secondLowestBid collects the bid ratios that R024 and R058 put fences on. A process counts if
// price comparison applies, every award is final, there is exactly one active award with exactly
// one supplier, and, among valid single-tenderer bids in the main currency, the winner's lowest
// bid is not above the lowest losing bid (otherwise the award criteria were not price only).
type secondLowestBid struct {
	priceComparison
	noFinalize
}

func (x *secondLowestBid) fold(r *release, st *state) {
	if !x.applies(r) {
		return
	}
	supplier, details, ok := r.singleSupplier()
	if !ok {
		return
	}
	var win, lose *pricedBid
	for _, b := range validPricedBids(details) {
		if !st.currency.accepts(b.currency) {
			continue
		}
		switch {
		case b.tenderer == supplier:
			if win == nil || b.amount < win.amount {
				win = &b
			}
		case lose == nil || b.amount < lose.amount:
			lose = &b
		}
	}
	if win == nil || lose == nil || lose.amount < win.amount {
		return
	}
	if st.secondLowest == nil {
		st.secondLowest = map[string]bidRatio{}
	}
	st.secondLowest[r.ocid] = bidRatio{
		ratio:  (lose.amount - win.amount) / win.amount,
		winner: win.tenderer,
		runner: lose.tenderer,
	}
}

// bidRatios returns the ratios collected by secondLowestBid.
func (st *state) bidRatios() []float64 {
	out := make([]float64, 0, len(st.secondLowest))
	for _, br := range st.secondLowest {
		out = append(out, br.ratio)
	}
	return out
}
