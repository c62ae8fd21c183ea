package indicators

// r025 is "Excessive unsuccessful bids": for each tenderer, the ratio of processes won to
// processes with a valid bid. A tenderer is flagged if its number of such processes is at least
// the percentile setting (default 75th) of all tenderers' numbers and its ratio is at most
// Q1 − 1.5·IQR of all ratios (or the threshold setting). The value is the ratio. Processes count
// only if every award is final and there is one active award with one supplier; each tenderer
// counts once per process. Nothing is flagged unless Q1 and the fence are positive.
type r025 struct {
	percentile uint64
	threshold  *float64
	tenderers  map[string]*fraction
}

// fraction is numerator/denominator, summed as a mediant across processes.
type fraction struct {
	num, den uint64
}

func (f fraction) value() float64 { return float64(f.num) / float64(f.den) }

func newR025(s R025Settings) *r025 {
	x := &r025{percentile: 75, threshold: s.Threshold, tenderers: map[string]*fraction{}}
	if s.Percentile != nil {
		x.percentile = *s.Percentile
	}
	return x
}

func (x *r025) fold(r *release, _ *state) {
	supplier, details, ok := r.singleSupplier()
	if !ok {
		return
	}
	for id := range validSingleTenderers(details) {
		f := x.tenderers[id]
		if f == nil {
			f = &fraction{}
			x.tenderers[id] = f
		}
		f.den++
		if id == supplier {
			f.num++
		}
	}
}

func (x *r025) finalize(st *state) {
	counts := make([]float64, 0, len(x.tenderers))
	ratios := make([]float64, 0, len(x.tenderers))
	for _, f := range x.tenderers {
		counts = append(counts, float64(f.den))
		ratios = append(ratios, f.value())
	}
	top := quantile(counts, float64(x.percentile)/100)
	var fence, q1 float64
	if x.threshold != nil {
		fence, q1 = *x.threshold, 1 // q1 only has to pass the guard
	} else {
		var q3 float64
		q1, q3 = quartiles(ratios)
		fence = lowerFence(q1, q3)
	}
	if !(q1 > 0 && fence > 0) {
		return
	}
	for id, f := range x.tenderers {
		if float64(f.den) >= top && f.value() <= fence {
			flag(st.result.Tenderer, id, "R025", f.value())
		}
	}
}
