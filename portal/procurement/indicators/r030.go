package indicators

// r030 is "Late bid won": a valid bid dated after /tender/tenderPeriod/endDate was submitted by a
// supplier of an active award. Value 1.0 for the process and for that tenderer. As in cardinal,
// the dates are compared as strings (which orders RFC 3339 dates with the same offset).
type r030 struct {
	noFinalize
}

func (r030) fold(r *release, st *state) {
	period, ok := objectAt(r.tender(), "tenderPeriod")
	if !ok {
		return
	}
	endDate, ok := stringAt(period, "endDate")
	if !ok {
		return
	}
	awards, ok := arrayAt(r.root, "awards")
	if !ok {
		return
	}
	details, ok := r.bidDetails()
	if !ok {
		return
	}
	suppliers := stringSet{}
	for _, v := range awards {
		award, ok := asObject(v)
		if !ok || !hasStatus(award, "active") {
			continue
		}
		list, _ := arrayAt(award, "suppliers")
		for _, s := range list {
			if id, ok := idOf(s); ok {
				suppliers.add(id)
			}
		}
	}
	for _, v := range details {
		bid, ok := asObject(v)
		if !ok || !hasStatus(bid, "valid") {
			continue
		}
		date, ok := stringAt(bid, "date")
		if !ok || date <= endDate {
			continue
		}
		tenderers, _ := arrayAt(bid, "tenderers")
		for _, t := range tenderers {
			if id, ok := idOf(t); ok && suppliers.has(id) {
				flag(st.result.OCID, r.ocid, "R030", 1)
				flag(st.result.Tenderer, id, "R030", 1)
			}
		}
	}
}
