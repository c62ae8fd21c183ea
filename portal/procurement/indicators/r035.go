package indicators

// r035 is "All except winning bid disqualified": every award is final, exactly one tenderer has
// valid bids, that tenderer is exactly the set of active awards' suppliers, and at least the
// threshold (default 1) other tenderers have disqualified bids. The value is the number of those
// other tenderers; the winner is flagged as a tenderer with 0.0.
type r035 struct {
	noFinalize
	threshold uint64
}

func newR035(s R035Settings) *r035 {
	x := &r035{threshold: 1}
	if s.Threshold != nil && *s.Threshold > 1 {
		x.threshold = *s.Threshold
	}
	return x
}

func (x *r035) fold(r *release, st *state) {
	active, details, ok := r.completeAwards()
	if !ok {
		return
	}
	suppliers := stringSet{}
	for _, award := range active {
		list, _ := arrayAt(award, "suppliers")
		for _, s := range list {
			if id, ok := idOf(s); ok {
				suppliers.add(id)
			}
		}
	}
	valid, disqualified := stringSet{}, stringSet{}
	for _, v := range details {
		bid, ok := asObject(v)
		if !ok {
			continue
		}
		status, ok := stringAt(bid, "status")
		if !ok {
			continue
		}
		tenderers, ok := arrayAt(bid, "tenderers")
		if !ok {
			continue
		}
		var set stringSet
		switch status {
		case "valid":
			set = valid
		case "disqualified":
			set = disqualified
		default:
			continue
		}
		for _, t := range tenderers {
			if id, ok := idOf(t); ok {
				set.add(id)
			}
		}
	}
	if len(valid) != 1 || !valid.equal(suppliers) {
		return
	}
	var others uint64
	for id := range disqualified {
		if !valid.has(id) {
			others++
		}
	}
	if others >= x.threshold {
		flag(st.result.OCID, r.ocid, "R035", float64(others))
		for id := range valid {
			flag(st.result.Tenderer, id, "R035", 0)
		}
	}
}
