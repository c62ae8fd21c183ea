package indicators

// r058 is "Heavily discounted bid": the percentage difference between the winning bid and the
// second-lowest valid bid is a high outlier, at least Q3 + 1.5·IQR of all such differences (or the
// threshold setting). The value is the difference; the winner is flagged as a tenderer with 0.0.
// Nothing is flagged unless the fence is positive.
type r058 struct {
	threshold *float64
}

func (*r058) fold(*release, *state) {} // uses secondLowestBid

func (x *r058) finalize(st *state) {
	var fence float64
	if x.threshold != nil {
		fence = *x.threshold
	} else {
		fence = upperFence(quartiles(st.bidRatios()))
	}
	if !(fence > 0) {
		return
	}
	for ocid, br := range st.secondLowest {
		if br.ratio >= fence {
			flag(st.result.OCID, ocid, "R058", br.ratio)
			flag(st.result.Tenderer, br.winner, "R058", 0)
		}
	}
}
