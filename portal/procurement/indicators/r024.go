package indicators

// r024 is "Price close to winning bid": the percentage difference between the winning bid and the
// second-lowest valid bid is a low outlier, at most Q1 − 1.5·IQR of all such differences (or the
// threshold setting). The value is the difference; the winner and the runner-up are flagged as
// tenderers with 0.0. Nothing is flagged unless Q1 and the fence are positive (otherwise at least
// a quarter of processes have no difference at all, and most would be flagged).
type r024 struct {
	threshold *float64
}

func (*r024) fold(*release, *state) {} // uses secondLowestBid

func (x *r024) finalize(st *state) {
	var fence, q1 float64
	if x.threshold != nil {
		fence, q1 = *x.threshold, 1 // q1 only has to pass the guard
	} else {
		var q3 float64
		q1, q3 = quartiles(st.bidRatios())
		fence = lowerFence(q1, q3)
	}
	if !(q1 > 0 && fence > 0) {
		return
	}
	for ocid, br := range st.secondLowest {
		if br.ratio <= fence {
			flag(st.result.OCID, ocid, "R024", br.ratio)
			flag(st.result.Tenderer, br.winner, "R024", 0)
			flag(st.result.Tenderer, br.runner, "R024", 0)
		}
	}
}
