package indicators

// r028 is "Identical bid prices": two submitted bids in a process have the same amount and
// currency but different sets of tenderers. Value 1.0 for the process and for each tenderer of
// both bids. Bids without tenderer ids are ignored, and so are processes to which price
// comparison does not apply.
type r028 struct {
	priceComparison
	noFinalize
}

type price struct {
	amount   float64
	currency string
}

func (x *r028) fold(r *release, st *state) {
	if !x.applies(r) {
		return
	}
	seen := map[price]stringSet{}
	for _, bid := range r.submittedBids() {
		tenderers, ok := arrayAt(bid, "tenderers")
		if !ok {
			continue
		}
		value, ok := objectAt(bid, "value")
		if !ok {
			continue
		}
		amount, ok := floatAt(value, "amount")
		if !ok {
			continue
		}
		currency, ok := stringAt(value, "currency")
		if !ok {
			continue
		}
		ids := stringSet{}
		for _, t := range tenderers {
			if id, ok := idOf(t); ok {
				ids.add(id)
			}
		}
		if len(ids) == 0 {
			continue
		}
		p := price{amount, currency}
		if other, ok := seen[p]; ok && !ids.equal(other) {
			flag(st.result.OCID, r.ocid, "R028", 1)
			for id := range ids {
				flag(st.result.Tenderer, id, "R028", 1)
			}
			for id := range other {
				flag(st.result.Tenderer, id, "R028", 1)
			}
		}
		seen[p] = ids
	}
}
