package indicators

// r038 is "Excessive disqualified bids": the ratio of disqualified bids to submitted bids, per
// buyer, per procuring entity and per tenderer, is a high outlier: at least Q3 + 1.5·IQR of the
// group's ratios (or the threshold setting). Only buyers and procuring entities with at least
// minimum_contracting_processes (default 2) submitted bids, and tenderers with at least
// minimum_submitted_bids (default 2) submitted bids, are considered. The value is the ratio.
// Nothing is flagged in a group unless its fence is positive.
type r038 struct {
	threshold                   *float64
	minimumSubmittedBids        uint64
	minimumContractingProcesses uint64
	buyers, procuringEntities   map[string]*fraction
	tenderers                   map[string]*fraction
}

func newR038(s R038Settings) *r038 {
	x := &r038{
		threshold:                   s.Threshold,
		minimumSubmittedBids:        2,
		minimumContractingProcesses: 2,
		buyers:                      map[string]*fraction{},
		procuringEntities:           map[string]*fraction{},
		tenderers:                   map[string]*fraction{},
	}
	if s.MinimumSubmittedBids != nil {
		x.minimumSubmittedBids = *s.MinimumSubmittedBids
	}
	if s.MinimumContractingProcesses != nil {
		x.minimumContractingProcesses = *s.MinimumContractingProcesses
	}
	return x
}

func addFraction(m map[string]*fraction, id string, num, den uint64) {
	f := m[id]
	if f == nil {
		f = &fraction{}
		m[id] = f
	}
	f.num += num
	f.den += den
}

func (x *r038) fold(r *release, _ *state) {
	bids := r.submittedBids()
	if len(bids) == 0 {
		return
	}
	var disqualified uint64
	for _, bid := range bids {
		var inc uint64
		if hasStatus(bid, "disqualified") {
			inc = 1
		}
		disqualified += inc
		tenderers, _ := arrayAt(bid, "tenderers")
		for _, t := range tenderers {
			if id, ok := idOf(t); ok {
				addFraction(x.tenderers, id, inc, 1)
			}
		}
	}
	submitted := uint64(len(bids))
	if buyer, ok := objectAt(r.root, "buyer"); ok {
		if id, ok := stringAt(buyer, "id"); ok {
			addFraction(x.buyers, id, disqualified, submitted)
		}
	}
	if pe, ok := objectAt(r.tender(), "procuringEntity"); ok {
		if id, ok := stringAt(pe, "id"); ok {
			addFraction(x.procuringEntities, id, disqualified, submitted)
		}
	}
}

func (x *r038) finalize(st *state) {
	x.flagGroup(st.result.Buyer, x.buyers, x.minimumContractingProcesses)
	x.flagGroup(st.result.ProcuringEntity, x.procuringEntities, x.minimumContractingProcesses)
	x.flagGroup(st.result.Tenderer, x.tenderers, x.minimumSubmittedBids)
}

func (x *r038) flagGroup(group map[string]map[string]float64, fractions map[string]*fraction, minimum uint64) {
	ratios := map[string]float64{}
	for id, f := range fractions {
		if f.den >= minimum {
			ratios[id] = f.value()
		}
	}
	if len(ratios) == 0 {
		return
	}
	var fence float64
	if x.threshold != nil {
		fence = *x.threshold
	} else {
		values := make([]float64, 0, len(ratios))
		for _, v := range ratios {
			values = append(values, v)
		}
		fence = upperFence(quartiles(values))
	}
	if !(fence > 0) {
		return
	}
	for id, ratio := range ratios {
		if ratio >= fence {
			flag(group, id, "R038", ratio)
		}
	}
}
